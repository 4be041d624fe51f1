import type { WorkerReport } from './translation-worker';

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
