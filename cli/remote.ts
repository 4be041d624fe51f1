/**
 * The CLI against a running server: `--server URL` (or PARALELO_SERVER) with a personal API token in PARALELO_TOKEN,
 * sent as `Authorization: Bearer`. The server decides what the token's owner may do, as for a page.
 */
import type { CliContext } from './context';
import { CliExit, err } from './context';

export interface Remote {
  url: string;
  token: string;
}

/** The server to talk to, or null to work on the local files and database. */
export function remoteOf(ctx: CliContext, server: string | undefined): Remote | null {
  const url = server ?? ctx.env.PARALELO_SERVER;
  if (!url) return null;
  let base: URL;
  try {
    base = new URL(url);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('scheme');
  } catch {
    err(ctx, ctx.t('remote.badUrl', { url }));
    throw new CliExit(2);
  }
  const token = ctx.env.PARALELO_TOKEN ?? '';
  if (token === '') {
    err(ctx, ctx.t('remote.noToken', { url: base.origin }));
    throw new CliExit(2);
  }
  return { url: base.origin, token };
}

/** A request to the server with the token; a refusal or an unreachable server ends the command with its reason. */
export async function remoteFetch(
  ctx: CliContext,
  remote: Remote,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${remote.url}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${remote.token}` },
    });
  } catch (cause) {
    err(
      ctx,
      ctx.t('remote.unreachable', { url: remote.url, message: cause instanceof Error ? cause.message : String(cause) }),
    );
    throw new CliExit(1);
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  const message = body?.error?.message ?? res.statusText;
  const key = res.status === 401 ? 'remote.unauthorized' : res.status === 403 ? 'remote.forbidden' : 'remote.failed';
  err(ctx, ctx.t(key, { url: remote.url, status: res.status, message }));
  throw new CliExit(1);
}
