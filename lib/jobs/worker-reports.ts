import type { JobErrorCode } from './types';

/** What a worker reports as it goes; `paralelo worker` and the web server word it in their own way. */
export type WorkerReport =
  /** A window is claimed and about to be translated (`missing`: sentences not in the cache). */
  | { type: 'claimed'; slug: string; window: number; attempt: number; paragraphs: number; missing: number }
  | {
      type: 'window';
      slug: string;
      window: number;
      attempt: number;
      paragraphs: number;
      translated: number;
      ms: number;
      done: number;
      total: number;
    }
  /** Its window had been committed by a worker that stopped before telling the queue: events sent again. */
  | { type: 'already-committed'; slug: string; window: number }
  /** Another worker claimed the window after this one held it too long: nothing written. */
  | { type: 'taken-over'; slug: string; window: number }
  /** The run was cancelled, failed or replaced while the window was being translated: nothing written. */
  | { type: 'run-ended'; slug: string; window: number }
  | { type: 'run-failed'; slug: string; code: JobErrorCode; message: string }
  /** A failure that may pass: the queue gives the window to a worker again in a moment. */
  | { type: 'retry'; slug: string; message: string }
  | { type: 'queue-error'; message: string };

/** A worker report as one line of the server's log (English, like the rest of the server's log). */
export function describeReport(r: WorkerReport): string {
  switch (r.type) {
    case 'claimed':
      return `${r.slug}: window ${r.window}${r.attempt > 1 ? ` (try ${r.attempt})` : ''} taken, ${r.missing} sentences to translate`;
    case 'window':
      return (
        `${r.slug}: window ${r.window}${r.attempt > 1 ? ` (try ${r.attempt})` : ''}, ${r.paragraphs} paragraphs, ` +
        `${r.translated} sentences translated in ${r.ms} ms; ${r.done}/${r.total} done`
      );
    case 'already-committed':
      return `${r.slug}: window ${r.window} was already written by a worker that stopped; its paragraphs sent again`;
    case 'taken-over':
      return `${r.slug}: window ${r.window} was taken over by another worker after the timeout; nothing written`;
    case 'run-ended':
      return `${r.slug}: window ${r.window} dropped, the translation was cancelled or ended meanwhile`;
    case 'run-failed':
      return `${r.slug}: translation failed (${r.code}): ${r.message}`;
    case 'retry':
      return `${r.slug}: window handed back to the queue (${r.message})`;
    case 'queue-error':
      return `the queue could not be read: ${r.message}`;
  }
}
