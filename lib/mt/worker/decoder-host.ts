import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { cachedStepDisagreement, type Disagreement, type Probe } from '../decoder/cached-step-check';
import { readCachedStepDecoder } from '../decoder/cached-step-decoder';
import { DecodeCancelled } from '../decoder/decoder';
import { greedyDecode } from '../decoder/greedy-decode';
import { supportsCachedStep, supportsGreedyLoop, type GreedyModel, type OrtSessionLike } from '../decoder/greedy-model';
import { expSumsModel, expSumsOver } from '../decoder/logit-scorer';
import { asLoopSession } from './ort-session';
import type { DecoderRequest, DecoderResponse } from './protocol';

// Runs inside the decoder thread: owns the model's onnxruntime sessions (encoder, merged decoder, the decoder for the
// cached steps once it has passed its check, and the two-node session that scores) and runs the greedy loop on the
// token ids the engine sends. It imports nothing but onnxruntime and lib/mt/decoder, on purpose.
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

type Session = OrtSessionLike & { release(): Promise<void> };

/**
 * The decoder for the steps after the first (lib/mt/decoder/cached-step-decoder.ts), or undefined when the file is not
 * a merged decoder it can rewrite: every step then runs the merged decoder, as before.
 */
async function loadCachedStep(
  file: string,
  options: ort.InferenceSession.SessionOptions,
  layers: number,
): Promise<Session | undefined> {
  const bytes = await readCachedStepDecoder(file);
  if (!bytes) return undefined;
  const session = asLoopSession(await ort.InferenceSession.create(bytes, options));
  if (supportsCachedStep(session, layers)) return session;
  await session.release();
  return undefined;
}

/** A session that gives the opposite of its logits: the fault the safeguard's test injects (CachedStepFault). */
function invertLogits(session: Session): Session {
  return {
    ...session,
    run: async (feeds, fetches) => {
      const out = await session.run(feeds, fetches);
      const logits = out.logits;
      if (!logits) return out;
      const data = Float32Array.from(logits.data as Float32Array, (x) => -x);
      return { ...out, logits: new ort.Tensor('float32', data, [...logits.dims]) };
    },
  };
}

/** The cached-step decoder still to build or check, until it is in use or given up. */
let pending: {
  build: () => Promise<Session | undefined>;
  /** Built, not checked yet (the check was interrupted by a decode). */
  candidate?: Session;
} | null = null;
/** The sentence the candidate must decode as the merged decoder does; it comes once the engine has its tokenizer. */
let probe: Probe | null = null;
/** Aborts the check when a decode comes in: the decode waits one decoder step at most, and the check runs again later. */
let checking: AbortController | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let pendingDecodes = 0;
/** How long the thread must have been idle before it builds the cached-step decoder (it blocks the thread ~1 s). */
const IDLE_MS = 250;

/** Decodes this thread has finished: the build waits for the first, so it never delays it. */
let decodesDone = 0;

/** Runs the pending build and check once the thread has decoded once and no decode has been asked for during IDLE_MS. */
function scheduleIdleWork(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!pending || !probe || pendingDecodes > 0 || decodesDone === 0) return;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (pending && pendingDecodes === 0) queue = queue.then(prepareCachedStep);
  }, IDLE_MS);
}

/** Builds the cached-step decoder (once) and checks it on the probe; adopts it only if both decoders agree. */
async function prepareCachedStep(): Promise<void> {
  const work = pending;
  if (!work || !model || !probe || pendingDecodes > 0) return;
  if (!work.candidate) {
    try {
      work.candidate = await work.build();
    } catch (err) {
      // The merged decoder loaded from the same file: every step can run on it, only a little slower.
      console.warn(
        `[paralelo:mt] no decoder for the cached steps (${err instanceof Error ? err.message : String(err)}); every step runs the merged decoder.`,
      );
    }
    if (!work.candidate) {
      pending = null;
      reply({ type: 'cached-step', ready: false });
      return;
    }
  }
  const controller = new AbortController();
  checking = controller;
  let disagreement: Disagreement | null;
  try {
    disagreement = await cachedStepDisagreement(model, work.candidate, probe, controller.signal);
  } catch (err) {
    if (err instanceof DecodeCancelled) return; // checked again once the thread is idle
    console.warn(
      `[paralelo:mt] the decoder for the cached steps failed on the probe sentence (${err instanceof Error ? err.message : String(err)}); every step runs the merged decoder.`,
    );
    disagreement = { at: 0, merged: [], cached: [] };
  } finally {
    checking = null;
  }
  pending = null;
  if (disagreement) {
    await work.candidate.release();
    reply({ type: 'cached-step', ready: false, mismatch: { at: disagreement.at } });
    return;
  }
  sessions.push(work.candidate);
  model = { ...model, cached: work.candidate };
  reply({ type: 'cached-step', ready: true });
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
    // The two-node session that sums exp(logits) for scores (decoder/logit-scorer.ts): tiny, and only run when asked.
    const scorer = asLoopSession(await ort.InferenceSession.create(expSumsModel(), options));
    sessions = [encoder, decoder, scorer];
    model = {
      encoder,
      decoder,
      shape: msg.shape,
      tensor: (type, data, dims) => new ort.Tensor(type, data as never, dims),
      expSums: expSumsOver(scorer),
    };
    reply({ type: 'loaded', supported: true });
    // Not on the way to the first paragraph: built once the thread has decoded once (the server's warm-up, or the
    // first paragraph a person opened) and then has nothing to do. The engine may still be loading the tokenizer when
    // the sessions are ready: an idle timer started here would have the build delay that first decode.
    if (msg.cachedStep) {
      const fault = msg.cachedStepFault;
      pending = {
        build: async () => {
          const session = await loadCachedStep(msg.decoder, options, msg.shape.layers);
          return session && fault === 'invert-logits' ? invertLogits(session) : session;
        },
      };
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
    case 'probe':
      probe = msg.probe;
      scheduleIdleWork();
      return;
    case 'cancel':
      controllers.get(msg.id)?.abort();
      return;
    case 'close':
      // Ends the thread once onnxruntime is between two runs: terminating a thread in the middle of one aborts the
      // whole process (onnxruntime-node throws a C++ exception into a dying environment).
      for (const controller of controllers.values()) controller.abort();
      checking?.abort();
      if (idleTimer) clearTimeout(idleTimer);
      queue = queue.then(async () => {
        model = null;
        await pending?.candidate?.release();
        pending = null;
        await Promise.all(sessions.map((s) => s.release()));
        sessions = [];
        port.close();
      });
      return;
    case 'decode': {
      const controller = new AbortController();
      controllers.set(msg.id, controller);
      pendingDecodes += 1;
      checking?.abort();
      scheduleIdleWork();
      queue = queue.then(async () => {
        try {
          if (!model) throw new Error('the decoder thread has no model loaded');
          const { tokens, scores } = await greedyDecode(model, msg.inputs, msg.budgets, {
            signal: controller.signal,
            scores: msg.scores,
          });
          reply({ type: 'decoded', id: msg.id, outputs: tokens, scores });
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
