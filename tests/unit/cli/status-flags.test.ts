import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../lib/store/sqlite';
import { normalizeSentenceKey } from '../../../lib/text/normalize';
import { EN, ES, runCli as run } from './run-cli';

const MODEL = 'Xenova/opus-mt-es-en';
const TEST_MODEL = 'test/tiny-random-marian-es-en';
// Twelve one-sentence paragraphs: the lowest tenth, rounded up, is two sentences.
const SENTENCES = Array.from({ length: 12 }, (_, i) => `El párrafo número ${i} tiene una sola frase.`);

describe('paralelo status: "check this sentence" flags', () => {
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-flags-'));
    const content = path.join(work, 'content');
    fs.mkdirSync(content);
    fs.writeFileSync(path.join(content, 'frases.md'), `---\ntitle: Frases\n---\n\n${SENTENCES.join('\n\n')}\n`);
    env = { PARALELO_CONTENT_DIR: content, PARALELO_DB: path.join(work, 'paralelo.db') };
    const store = openSqliteStore(env.PARALELO_DB!);
    for (const model of [MODEL, TEST_MODEL]) {
      await store.putMachineTranslations(
        model,
        SENTENCES.map((s, i) => ({
          sourceKey: normalizeSentenceKey(s),
          target: `Paragraph ${i} has one sentence.`,
          // Paragraphs 5 and 10 (1-based) score lowest.
          score: { meanLogProb: i === 4 ? -3 : i === 9 ? -2.5 : -0.2, minLogProb: -4 },
        })),
      );
    }
    await store.close();
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('prints how many sentences to check and where, in both languages, and exits 0', async () => {
    const en = await run(['status', 'frases'], { ...env, ...EN });
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain(
      '  Check this sentence: 2 sentences among the lowest-scoring tenth of 12 scored sentences, in paragraphs 5, 10\n',
    );
    const es = await run(['status', 'frases'], { ...env, ...ES });
    expect(es.code, es.stderr).toBe(0);
    expect(es.stdout).toContain(
      'Revisar esta frase: 2 frases entre la décima parte de puntuación más baja de 12 frases puntuadas, en los párrafos 5, 10',
    );
  });

  it('labels the flags of a generated test model as meaningless', async () => {
    const res = await run(['status', 'frases'], {
      ...env,
      ...EN,
      PARALELO_MODEL: TEST_MODEL,
      PARALELO_ALLOW_TEST_MODELS: '1',
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('in paragraphs 5, 10 (generated test model: these flags mean nothing)');
  });

  it('gives them in --json', async () => {
    const res = await run(['status', 'frases', '--json'], { ...env, ...EN });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      slug: 'frases',
      confidence: { scored: 12, flagged: 2, paragraphs: [4, 9], fraction: 0.1, testModel: false },
    });
  });
});
