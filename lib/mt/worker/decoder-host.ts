import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { readCachedStepDecoder } from '../decoder/cached-step-decoder';
import type { DecoderRequest, DecoderResponse } from './protocol';
import { asLoopSession } from './ort-session';
import { DecodeCancelled } from '../decoder/decoder';
import { greedyDecode } from '../decoder/greedy-decode';
import { supportsCachedStep, supportsGreedyLoop, type GreedyModel, type OrtSessionLike } from '../decoder/greedy-model';

// Runs inside the decoder thread: owns the model's onnxruntime sessions (encoder, merged decoder, and the decoder for
// the cached steps) and runs the greedy loop on the token ids the engine sends. It imports nothing else on purpose.
// The loop allocates every step's outputs anew (the decoder's cache grows each step), and V8's collector pays for that
// in proportion to the whole heap of the thread that allocates: next to transformers.js and its tokenizer (a 56 MB
// heap) the same loop took 1.3-1.4x as long as here (6 MB). Requests run one at a time; a cancel stops the running one
// between two decoder steps.

const port = parentPort;
if (!port) throw new Error('[paralelo:mt] decoder-host must run inside a worker thread.');

let model: GreedyModel | null = null;
let sessions: { release(): Promise<void> }[] = [];
const controllers = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

const reply = (msg: DecoderResponse) => port.postMessage(msg);

/**
 * The decoder for the steps after the first (lib/mt/decoder/cached-step-decoder.ts), or undefined when the file is not a merged
 * decoder it can rewrite: every step then runs the merged decoder, as before.
 */
async function loadCachedStep(
  file: string,
  options: ort.InferenceSession.SessionOptions,
  layers: number,
): Promise<(OrtSessionLike & { release(): Promise<void> }) | undefined> {
  const bytes = await readCachedStepDecoder(file);
  if (!bytes) return undefined;
  const session = asLoopSession(await ort.InferenceSession.create(bytes, options));
  if (supportsCachedStep(session, layers)) return session;
  await session.release();
  return undefined;
}

/** The cached-step decoder's build, until it has run. */
let buildCachedStep: (() => Promise<void>) | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let pendingDecodes = 0;
/** How long the thread must have been idle before it builds the cached-step decoder (it blocks the thread ~1 s). */
const IDLE_MS = 250;

/** Decodes this thread has finished: the build waits for the first, so it never delays it. */
let decodesDone = 0;

/** Runs the pending build once the thread has decoded once and no decode has been asked for during IDLE_MS. */
function scheduleIdleWork(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!buildCachedStep || pendingDecodes > 0 || decodesDone === 0) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    const build = buildCachedStep;
    if (!build || pendingDecodes > 0) return;
    buildCachedStep = null;
    queue = queue.then(build);
  }, IDLE_MS);
}

async function addCachedStep(file: string, options: ort.InferenceSession.SessionOptions, layers: number) {
  let cached: Awaited<ReturnType<typeof loadCachedStep>>;
  try {
    cached = await loadCachedStep(file, options, layers);
  } catch (err) {
    // The merged decoder loaded from the same file: every step can run on it, only a little slower.
    console.warn(
      `[paralelo:mt] ${file}: no decoder for the cached steps (${err instanceof Error ? err.message : String(err)}); every step runs the merged decoder.`,
    );
    cached = undefined;
  }
  if (cached && model) {
    sessions.push(cached);
    model = { ...model, cached };
  } else {
    await cached?.release();
  }
  reply({ type: 'cached-step', ready: Boolean(cached && model) });
}

async function load(msg: Extract<DecoderRequest, { type: 'load' }>): Promise<void> {
  try {
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: ['cpu'],
      logSeverityLevel: 3,
      ...(msg.intraOpThreads ? { intraOpNumThreads: msg.intraOpThreads } : {}),
    };
    const encoderSession = await ort.InferenceSession.create(msg.encoder, options);
    const decoderSession = await ort.InferenceSession.create(msg.decoder, options);
    const encoder = asLoopSession(encoderSession);
    const decoder = asLoopSession(decoderSession);
    if (!supportsGreedyLoop(encoder, decoder, msg.shape.layers)) {
      await Promise.all([encoderSession.release(), decoderSession.release()]);
      reply({ type: 'loaded', supported: false });
      return;
    }
    sessions = [encoder, decoder];
    model = {
      encoder,
      decoder,
      shape: msg.shape,
      tensor: (type, data, dims) => new ort.Tensor(type, data as never, dims),
    };
    reply({ type: 'loaded', supported: true });
    // Not on the way to the first paragraph: built once the thread has decoded once (the server's warm-up, or the
    // first paragraph a person opened) and then has nothing to do. The engine may still be loading the tokenizer when
    // the sessions are ready: an idle timer started here would have the build delay that first decode.
    if (msg.cachedStep) {
      buildCachedStep = () => addCachedStep(msg.decoder, options, msg.shape.layers);
    }
  } catch (err) {
    reply({
      type: 'load-failed',
      message: err instanceof Error ? err.message : String(err),
      name: err instanceof Error ? err.name : '',
    });
  }
}

port.on('message', (msg: DecoderRequest) => {
  switch (msg.type) {
    case 'load':
      queue = queue.then(() => load(msg));
      return;
    case 'cancel':
      controllers.get(msg.id)?.abort();
      return;
    case 'close':
      // Ends the thread once onnxruntime is between two runs: terminating a thread in the middle of one aborts the
      // whole process (onnxruntime-node throws a C++ exception into a dying environment).
      for (const controller of controllers.values()) controller.abort();
      buildCachedStep = null;
      if (idleTimer) clearTimeout(idleTimer);
      queue = queue.then(async () => {
        model = null;
        await Promise.all(sessions.map((s) => s.release()));
        sessions = [];
        port.close();
      });
      return;
    case 'decode': {
      const controller = new AbortController();
      controllers.set(msg.id, controller);
      pendingDecodes += 1;
      scheduleIdleWork();
      queue = queue.then(async () => {
        try {
          if (!model) throw new Error('the decoder thread has no model loaded');
          const outputs = await greedyDecode(model, msg.inputs, msg.budgets, controller.signal);
          reply({ type: 'decoded', id: msg.id, outputs });
        } catch (err) {
          const cancelled = err instanceof DecodeCancelled;
          reply({ type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err), cancelled });
        } finally {
          controllers.delete(msg.id);
          pendingDecodes -= 1;
          decodesDone += 1;
          scheduleIdleWork();
        }
      });
      return;
    }
  }
});
