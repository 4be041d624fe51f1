import { parentPort } from 'node:worker_threads';
import { EngineError } from './engine';
import type { HostRequest, HostResponse, WireError } from './worker-protocol';
import { TransformersEngine } from './transformers-engine';

// Runs inside the worker thread: owns the one TransformersEngine and answers the client's requests.
// Requests are run one at a time (onnxruntime calls from one pipeline are not meant to interleave);
// a cancel aborts the running request between batches or drops a queued one before it starts.

const port = parentPort;
if (!port) throw new Error('[paralelo:mt] worker-host must run inside a worker thread.');

let engine: TransformersEngine | null = null;
const controllers = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

function toWire(err: unknown): WireError {
  if (err instanceof EngineError) {
    return { code: err.code, message: err.message, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'engine_failed', message: `[paralelo:mt] Worker failed: ${message}`, details: {} };
}

function reply(msg: HostResponse): void {
  port!.postMessage(msg);
}

function enqueue(
  id: number,
  work: (signal: AbortSignal) => Promise<Omit<Extract<HostResponse, { type: 'done' }>, 'type' | 'id'>>,
): void {
  const controller = new AbortController();
  controllers.set(id, controller);
  queue = queue.then(async () => {
    try {
      if (controller.signal.aborted) throw new EngineError('cancelled', 'Translation cancelled.');
      reply({ type: 'done', id, ...(await work(controller.signal)) });
    } catch (err) {
      reply({ type: 'error', id, error: toWire(err) });
    } finally {
      controllers.delete(id);
    }
  });
}

port.on('message', (msg: HostRequest) => {
  switch (msg.type) {
    case 'init':
      engine = new TransformersEngine(msg.config, msg.options);
      return;
    case 'cancel':
      controllers.get(msg.id)?.abort();
      return;
    case 'stats':
      reply({ type: 'done', id: msg.id, stats: engine?.stats() });
      return;
    case 'settled':
      // Beside the queue (it may wait seconds); a request before init fails like the others.
      Promise.resolve()
        .then(() => requireEngine().settled())
        .then(
          () => reply({ type: 'done', id: msg.id }),
          (err: unknown) => reply({ type: 'error', id: msg.id, error: toWire(err) }),
        );
      return;
    case 'ready':
      enqueue(msg.id, async () => {
        await requireEngine().ready();
        return { stats: requireEngine().stats() };
      });
      return;
    case 'translate':
      enqueue(msg.id, async (signal) => ({
        outputs: await requireEngine().translate(msg.sentences, {
          signal,
          ...(msg.priority ? { priority: msg.priority } : {}),
        }),
      }));
      return;
    case 'dispose':
      enqueue(msg.id, async () => {
        await engine?.dispose();
        engine = null;
        return {};
      });
      return;
  }
});

function requireEngine(): TransformersEngine {
  if (!engine) throw new EngineError('engine_failed', 'The worker received a request before init.');
  return engine;
}
