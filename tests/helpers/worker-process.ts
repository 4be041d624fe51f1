import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { WorkerReport } from '../../lib/jobs';

/** A `paralelo worker --json` line: one of its reports, or that it is ready or stopped; `at` is when it printed it. */
export type WorkerLine = (WorkerReport | { type: 'ready' | 'stopped'; id: string }) & { at?: number };

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  /** Every line it printed so far, in order. */
  reports: WorkerLine[];
  /** Resolves once it printed `ready` (its model loaded, the queue open). */
  ready: Promise<void>;
  /** Resolves once it exited and every line it printed has been read ('close', not 'exit'). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/**
 * Starts `paralelo worker --id <id> --json` of the checkout at `root` as a child process with `env` on top of this
 * process's, and collects its reports as they come (for the worker tests, the team browser test and bench:workers).
 */
export function startWorker(root: string, id: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [path.join(root, 'bin/paralelo.mjs'), 'worker', '--id', id, '--json'], {
    cwd: root,
    env: { ...process.env, PARALELO_ROOT: root, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reports: WorkerLine[] = [];
  let stderr = '';
  let buffer = '';
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const report = JSON.parse(line) as WorkerLine;
      reports.push(report);
      if (report.type === 'ready') onReady();
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { id, child, reports, ready, exited, stderr: () => stderr };
}
