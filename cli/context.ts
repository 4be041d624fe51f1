import type { ParaleloConfig } from '../lib/config';
import { openStore, type Store } from '../lib/store';
import type { CliLanguage, Translate } from './i18n';

/** What every command gets: configuration, translator and the streams to write to. */
export interface CliContext {
  config: ParaleloConfig;
  t: Translate;
  language: CliLanguage;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Thrown by a command to end with a given exit code after it has printed its own message. */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}

/** Writes one line to stdout. */
export function out(ctx: CliContext, line: string): void {
  ctx.stdout.write(line + '\n');
}

/** Writes one line to stderr. */
export function err(ctx: CliContext, line: string): void {
  ctx.stderr.write(line + '\n');
}

/** Runs `fn` with the configured store open, and closes it afterwards whatever happens. */
export async function withStore<T>(ctx: CliContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(ctx.config);
  try {
    return await fn(store);
  } finally {
    await store.close().catch(() => {});
  }
}
