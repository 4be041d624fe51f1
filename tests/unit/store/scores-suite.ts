import { expect, it } from 'vitest';
import type { Store } from '../../../lib/store/types';

/**
 * The contract of the scores kept with machine translations (getMachineScores), part of describeStoreSuite: `store`
 * gives the suite's open handle, `reopen` a second one on the same data.
 */
export function describeScoreContract(store: () => Store, reopen: () => Promise<Store>): void {
  it('keeps each machine translation’s score with it, per model, and only for keys asked for', async () => {
    await store().putMachineTranslations('m1', [
      { sourceKey: 'Hola.', target: 'Hello.', score: { meanLogProb: -0.25, minLogProb: -1.5 } },
      { sourceKey: 'Adiós.', target: 'Goodbye.', score: null },
      { sourceKey: 'Sí.', target: 'Yes.' },
    ]);
    await store().putMachineTranslations('m2', [
      { sourceKey: 'Hola.', target: 'Hi.', score: { meanLogProb: -2, minLogProb: -3 } },
    ]);
    expect(await store().getMachineScores('m1', ['Hola.', 'Adiós.', 'Sí.', 'Nada.', 'Hola.'])).toEqual(
      new Map([['Hola.', { meanLogProb: -0.25, minLogProb: -1.5 }]]),
    );
    expect(await store().getMachineScores('m2', ['Hola.'])).toEqual(
      new Map([['Hola.', { meanLogProb: -2, minLogProb: -3 }]]),
    );
    expect(await store().getMachineScores('m1', [])).toEqual(new Map());
    // The scores are read the same from another handle (another process, a restarted server).
    expect((await (await reopen()).getMachineScores('m1', ['Hola.'])).get('Hola.')).toEqual({
      meanLogProb: -0.25,
      minLogProb: -1.5,
    });
  });

  it('drops a score when its key is written again without one, and refuses half a score', async () => {
    await store().putMachineTranslations('m', [
      { sourceKey: 'a', target: 'A', score: { meanLogProb: -1, minLogProb: -2 } },
      { sourceKey: 'b', target: 'B', score: { meanLogProb: -1, minLogProb: -2 } },
      { sourceKey: 'c', target: 'C', score: { meanLogProb: Number.NaN, minLogProb: -2 } },
      { sourceKey: 'd', target: 'D', score: { meanLogProb: -1, minLogProb: Number.NEGATIVE_INFINITY } },
    ]);
    // The output changed: the old score belonged to the old output.
    await store().putMachineTranslations('m', [{ sourceKey: 'a', target: 'A!' }]);
    const scores = await store().getMachineScores('m', ['a', 'b', 'c', 'd']);
    expect([...scores.keys()]).toEqual(['b']);
    expect((await store().getMachineTranslations('m', ['c', 'd'])).size).toBe(2);
  });

  it('keeps the scores a queued window commits', async () => {
    const plan = {
      runId: 'run-scores',
      slug: 'doc',
      modelId: 'm',
      total: 1,
      done: 0,
      windows: [[{ index: 0, keys: ['Uno.'] }]],
      startedAt: 1,
    };
    await store().startRun(plan);
    const claimed = await store().claimWindow('run-scores', 'job-1', 'w');
    if (claimed.status !== 'claimed') throw new Error(`expected a claim, got ${claimed.status}`);
    const score = { meanLogProb: -0.5, minLogProb: -0.75 };
    expect((await store().commitWindow(claimed.claim, [{ sourceKey: 'Uno.', target: 'One.', score }], 'w', 2)).ok).toBe(
      true,
    );
    expect(await store().getMachineScores('m', ['Uno.'])).toEqual(new Map([['Uno.', score]]));
  });

  it('reads the scores of 5,000 keys in one call', async () => {
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      sourceKey: `frase ${i}`,
      target: `sentence ${i}`,
      score: { meanLogProb: -i / 1000, minLogProb: -i / 500 },
    }));
    await store().putMachineTranslations('m', entries);
    const scores = await store().getMachineScores(
      'm',
      entries.map((e) => e.sourceKey),
    );
    expect(scores.size).toBe(5000);
    expect(scores.get('frase 4321')).toEqual({ meanLogProb: -4.321, minLogProb: -8.642 });
  });
}
