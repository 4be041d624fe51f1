/**
 * Cancelling a huge paragraph (issue 15, probe 4): `npm run bench:cancel [-- --bytes 5000000] [--after 3]
 * [--give-up 60] [--threads 2] [--checkout DIR]` (needs `npm run model:bench`).
 *
 * A child process loads the engine on the bench model and translates one paragraph of `--bytes` of words without a full
 * stop; `--after` seconds into the call this process asks it to cancel, and times how long the call takes to reject.
 * The child's peak RSS is read from /proc while it works, so it is known even when the child cannot answer (a thread
 * busy with synchronous work never sees the cancel). --checkout runs another checkout's engine the same way (the
 * "before" of a change); the model is this checkout's. Prints what it measured; no assertion.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '..');
const MODEL_ID = 'test/bench-marian-es-en';
const { values } = parseArgs({
  options: {
    bytes: { type: 'string', default: '5000000' },
    after: { type: 'string', default: '3' },
    'give-up': { type: 'string', default: '60' },
    threads: { type: 'string', default: '2' },
    checkout: { type: 'string' },
    child: { type: 'boolean', default: false },
  },
});
const checkout = path.resolve(values.checkout ?? ROOT);

/** In the child: load, start the call, cancel when told to on stdin, say when it rejected. */
async function child(): Promise<void> {
  const file = ['lib/mt/translate/transformers-engine.ts', 'lib/mt/transformers-engine.ts']
    .map((f) => path.join(checkout, f))
    .find(existsSync);
  if (!file) throw new Error(`no engine under ${checkout}`);
  const { TransformersEngine } = (await import(file)) as typeof import('../lib/mt/translate/transformers-engine');
  const engine = new TransformersEngine(
    { modelsDir: path.join(ROOT, 'models'), modelId: MODEL_ID, dtype: 'q8', allowTestModels: true },
    { root: checkout, decoderThreads: Number(values.threads) },
  );
  await engine.ready();
  const words = ['casa', 'perro', 'montaña', 'río', 'ciudad', 'gobierno', 'presidente', 'elecciones'];
  const bytes = Number(values.bytes);
  const huge = Array.from({ length: Math.ceil(bytes / 6) }, (_, i) => words[(i * 7) % words.length]).join(' ');
  const controller = new AbortController();
  process.stdin.once('data', () => controller.abort());
  process.stdout.write('started\n');
  const outcome = await engine.translate([huge.slice(0, bytes)], { signal: controller.signal }).then(
    () => 'done',
    (err: unknown) => (err as { code?: string }).code ?? 'failed',
  );
  process.stdout.write(`${outcome}\n`);
  await engine.dispose();
  process.exit(0);
}

/** Peak RSS (VmHWM) of a process, in MiB, or null once it is gone. */
function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function parent(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'models', MODEL_ID, 'config.json'))) {
    console.error('bench:cancel needs the bench model: run npm run model:bench first.');
    process.exitCode = 1;
    return;
  }
  const proc = spawn(process.execPath, ['--import', 'tsx', __filename, '--child', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMiB(proc.pid!) ?? peak)), 100);
  const lines: string[] = [];
  const next = () =>
    new Promise<string>((resolve) => {
      const take = () => (lines.length > 0 ? resolve(lines.shift()!) : setTimeout(take, 5));
      take();
    });
  let buffered = '';
  proc.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  });
  await next(); // started
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, Number(values.after) * 1000));
  const cancelledAt = performance.now();
  proc.stdin.write('cancel\n');
  const giveUp = Number(values['give-up']) * 1000;
  const answer = await Promise.race([next(), new Promise<null>((r) => setTimeout(() => r(null), giveUp))]);
  const stoppedMs = answer === null ? null : performance.now() - cancelledAt;
  clearInterval(sampler);
  peak = Math.max(peak, peakRssMiB(proc.pid!) ?? peak);
  proc.kill('SIGKILL');
  const mb = (Number(values.bytes) / 1e6).toFixed(1);
  console.log(
    `${checkout}: a ${mb} MB paragraph, cancelled ${((cancelledAt - startedAt) / 1000).toFixed(1)} s into the call: ` +
      (stoppedMs === null
        ? `still running ${(giveUp / 1000).toFixed(0)} s after the cancel (given up)`
        : `${answer} ${stoppedMs.toFixed(0)} ms after the cancel`) +
      `; peak RSS ${peak.toFixed(0)} MiB (the model's sessions included)`,
  );
}

(values.child ? child() : parent()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
