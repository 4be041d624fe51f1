import cliProgress from 'cli-progress';
import type { FetchProgress } from '../lib/mt/fetch/fetch-model';
import type { CliContext } from './context';
import { formatBytes } from './i18n';

/** A download progress reporter: a bar on a terminal, one plain line per file otherwise (logs, CI). */
export interface ProgressReporter {
  update(p: FetchProgress): void;
  stop(): void;
}

/** Creates the reporter that fits stderr. */
export function createProgress(ctx: CliContext): ProgressReporter {
  if (ctx.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: ctx.stderr as NodeJS.WriteStream,
        format: '{bar} {percentage}% | {done} / {all} | {file}',
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const total = p.totalBytes ?? 0;
        const payload = {
          file: p.file,
          done: formatBytes(p.doneBytes, ctx.language),
          all: p.totalBytes === null ? '?' : formatBytes(p.totalBytes, ctx.language),
        };
        if (!started) {
          bar.start(Math.max(total, 1), p.doneBytes, payload);
          started = true;
        } else {
          bar.update(p.doneBytes, payload);
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  return {
    update(p) {
      const size = p.fileTotal === null ? '?' : formatBytes(p.fileTotal, ctx.language);
      if (p.phase === 'start') ctx.stderr.write(ctx.t('model.fetch.fileStart', { file: p.file, size }) + '\n');
      if (p.phase === 'skip') ctx.stderr.write(ctx.t('model.fetch.fileSkip', { file: p.file }) + '\n');
      if (p.phase === 'done') ctx.stderr.write(ctx.t('model.fetch.fileDone', { file: p.file }) + '\n');
    },
    stop() {},
  };
}
