import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecoderThread } from '../../../../lib/mt/worker/decoder-thread';
import { DecodeCancelled } from '../../../../lib/mt/decoder/decoder';
import { TransformersEngine, type EngineConfig } from '../../../../lib/mt/translate/transformers-engine';
import { decoderFilesOf, decoderPoolOf, makeModelsDir, type ModelsDir } from '../fixtures';

const ROOT = path.resolve(__dirname, '../../../..');
const SENTENCES = ['El perro come en la casa.', 'Hola.', 'Mañana vamos a la playa.', '', '¿Dónde está la estación?'];

/** A decoder thread over a generated model, as the engine starts it. */
async function startThread(config: EngineConfig & { dir: string }, onExit?: (err: Error) => void) {
  const { files, shape, probe } = await decoderFilesOf(config);
  const thread = await DecoderThread.start(ROOT, files, shape, onExit ?? (() => {}), { probe });
  expect(thread).not.toBeNull();
  return thread!;
}

describe('decoding in a thread of its own', () => {
  let models: ModelsDir;
  let config: EngineConfig & { dir: string };

  beforeAll(async () => {
    models = await makeModelsDir('decoder-thread');
    config = await models.addTinyModel('decoder-thread');
  });
  afterAll(async () => {
    await models?.cleanup();
  });

  it('gives what the loop gives in the engine thread, batch by batch, and says where it decodes', async () => {
    const here = new TransformersEngine(config, { batchSize: 2 });
    const threaded = new TransformersEngine(config, { batchSize: 2, root: ROOT });
    try {
      const expected = await here.translate(SENTENCES);
      expect(here.stats().decoding).toBe('loop');
      expect(await threaded.translate(SENTENCES)).toEqual(expected);
      expect(threaded.stats().decoding).toBe('thread');
      // The generated model never ends a sentence: every output is its budget long, nothing came back empty.
      expect(expected.filter((s, i) => SENTENCES[i] !== '' && s.length === 0)).toEqual([]);
    } finally {
      await Promise.all([here.dispose(), threaded.dispose()]);
    }
  });

  it('answers its first request on the merged decoder, and builds the cached-step decoder once idle after it', async () => {
    const thread = await startThread(config);
    try {
      const inputs = [
        [5, 6, 7, 0],
        [12, 13, 14, 15, 16, 0],
      ];
      // Longer than the thread's idle delay: the engine may still be loading its tokenizer when the sessions are ready.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const early = await thread.decode(inputs, [9, 14]);
      // The build waits for the first request: it did not delay it.
      expect(thread.cachedStep).toBe(false);
      expect(await thread.cachedStepReady()).toBe(true);
      expect(thread.cachedStep).toBe(true);
      expect(await thread.decode(inputs, [9, 14])).toEqual(early);
    } finally {
      await thread.dispose();
    }
  });

  it('stops a decode between two steps when cancelled, and goes on serving', async () => {
    const thread = await startThread(config);
    try {
      // One long input: hundreds of steps, each of which lets the thread read its messages.
      const ids = [...Array.from({ length: 200 }, (_, i) => 5 + (i % 50)), 0];
      const controller = new AbortController();
      const decoding = thread.decode([ids], [400], { signal: controller.signal });
      controller.abort();
      await expect(decoding).rejects.toBeInstanceOf(DecodeCancelled);
      const [out] = (await thread.decode([[5, 6, 0]], [7])).tokens;
      expect(out).toHaveLength(7);
      expect(out!.at(-1)).toBe(0);
    } finally {
      await thread.dispose();
    }
  });

  it('when the thread dies, says so to the next call, and the engine loads again', async () => {
    // Killed between two runs: terminating a thread inside an onnxruntime run aborts the whole process, which is
    // why dispose() asks the thread to end rather than terminating it.
    const terminate = (thread: DecoderThread) =>
      (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const exits: Error[] = [];
    const thread = await startThread(config, (err) => exits.push(err));
    expect((await thread.decode([[5, 6, 0]], [4])).tokens).toHaveLength(1);
    await terminate(thread);
    await expect(thread.decode([[5, 0]], [3])).rejects.toThrow(/exited/);
    expect(exits).toHaveLength(1);

    // In an engine with two threads, one dies: the other is ended with it, and the next call loads both again.
    const engine = new TransformersEngine(config, { root: ROOT, decoderThreads: 2 });
    try {
      const first = await engine.translate(SENTENCES);
      const loaded = await decoderPoolOf(engine);
      await loaded.settled();
      const [dying, other] = (loaded as unknown as { threads: DecoderThread[] }).threads;
      await terminate(dying!);
      await expect(other!.decode([[5, 0]], [3])).rejects.toThrow(/disposed/);
      expect(await engine.translate(SENTENCES)).toEqual(first);
      const reloaded = await decoderPoolOf(engine);
      expect(reloaded).not.toBe(loaded);
      await reloaded.settled();
      expect(engine.stats()).toMatchObject({ loads: 2, decoding: 'thread', decoderThreads: 2 });
    } finally {
      await engine.dispose();
    }
  });

  it('ends the thread on dispose even in the middle of a decode, and the call in flight fails', async () => {
    const thread = await startThread(config);
    const ids = [...Array.from({ length: 200 }, (_, i) => 5 + (i % 50)), 0];
    const outcome = thread.decode([ids], [400]).then(
      () => null,
      (e: unknown) => e,
    );
    await thread.dispose();
    expect(String(await outcome)).toMatch(/disposed/);
    await expect(thread.decode([[5, 0]], [3])).rejects.toThrow(/disposed/);
  });

  it('falls back to the loop over the pipeline when the root has no thread entry', async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'paralelo-no-entry-'));
    const here = new TransformersEngine(config);
    const engine = new TransformersEngine(config, { root: elsewhere });
    try {
      expect(await engine.translate(SENTENCES)).toEqual(await here.translate(SENTENCES));
      expect(engine.stats().decoding).toBe('loop');
    } finally {
      await Promise.all([here.dispose(), engine.dispose()]);
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
