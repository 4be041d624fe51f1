import path from 'node:path';
import { EngineError } from '../lib/mt/engine';
import type { CliContext } from './context';

/** The one line a user sees for an error: localized from the EngineError's code and details. */
export function describeError(ctx: CliContext, error: unknown): string {
  if (error instanceof EngineError) {
    const d = error.details;
    const plain = error.message.replace(/^\[paralelo:mt\] /, '');
    return ctx.t(`errors.${error.code}`, {
      modelId: d.modelId ?? ctx.config.modelId,
      file: d.file ?? '?',
      dir: d.dir ?? path.join(ctx.config.modelsDir, ...ctx.config.modelId.split('/')),
      files: (d.files ?? []).join(', '),
      url: d.url ? safeHost(d.url) : '?',
      proxy: d.proxy ?? '?',
      variable: d.variable ?? '?',
      reason: d.reason ?? 'other',
      status: d.status ?? '?',
      message: plain,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return ctx.t('errors.unexpected', { message });
}

function safeHost(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Prints an error as one line, or with its stack and causes when PARALELO_DEBUG=1. */
export function printError(ctx: CliContext, error: unknown): void {
  ctx.stderr.write(describeError(ctx, error) + '\n');
  if (ctx.env.PARALELO_DEBUG === '1') {
    let e: unknown = error;
    while (e) {
      ctx.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      e = e instanceof Error ? e.cause : undefined;
      if (e) ctx.stderr.write('caused by: ');
    }
  }
}
