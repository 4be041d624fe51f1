import type { ParaleloConfig } from '../lib/config';
import { openFolderSource, type ContentSource } from '../lib/content';
import { openLibrary } from '../lib/documents/context';
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

/** Runs `fn` with the configured store and the library's documents over it open, and closes both afterwards. */
export async function withLibrary<T>(
  ctx: CliContext,
  fn: (store: Store, content: ContentSource) => Promise<T>,
): Promise<T> {
  const library = await openLibrary(ctx.config);
  try {
    return await fn(library.store, library.content);
  } finally {
    await library.close().catch(() => {});
  }
}

/** Runs `fn` with the library's documents: content/ as it is, or (team server) the database's, store and all. */
export async function withContent<T>(ctx: CliContext, fn: (content: ContentSource) => Promise<T>): Promise<T> {
  if (!ctx.config.database) return fn(openFolderSource(ctx.config.contentDir));
  return withLibrary(ctx, (_store, content) => fn(content));
}
