import path from 'node:path';
import type { Command } from 'commander';
import { isLoopbackAddress } from '../../lib/access/request-policy';
import { openConfiguredAccess } from '../../lib/access';
import type { ParaleloConfig } from '../../lib/config';
import { shutdownAll } from '../../lib/shutdown';
import type { CliContext } from '../context';
import { CliExit, err } from '../context';
import { clientAddressOf, createFrontDoor, type RequestHandler } from '../server/front-door';

/** Why the server must not start as configured (a message key under cli.serve), or null. */
export async function startupProblem(
  config: ParaleloConfig,
  hasAdmin: () => Promise<boolean>,
): Promise<{ key: string; params: Record<string, unknown> } | null> {
  const exposed = !isLoopbackAddress(config.host);
  if (config.badOrigins.length > 0) return { key: 'serve.badOrigin', params: { value: config.badOrigins[0] } };
  if (config.authSetting !== null && config.authSetting !== 'accounts' && config.authSetting !== 'local')
    return { key: 'serve.badAuth', params: { value: config.authSetting } };
  if (config.trustProxy.length > 0) {
    try {
      clientAddressOf(config.trustProxy);
    } catch {
      return { key: 'serve.badTrustProxy', params: { value: config.trustProxy.join(',') } };
    }
  }
  if (exposed && config.authSetting === 'local')
    return { key: 'serve.exposedWithoutAccounts', params: { host: config.host } };
  if (exposed && config.origins.length === 0)
    return { key: 'serve.exposedWithoutOrigin', params: { host: config.host, port: config.port } };
  if (config.authMode === 'accounts' && !(await hasAdmin())) return { key: 'serve.noAdmin', params: {} };
  return null;
}

/** How long requests in flight may take to finish after SIGTERM before their connections are closed. */
const DRAIN_MS = 2_000;

async function nextHandler(config: ParaleloConfig): Promise<RequestHandler> {
  // Loaded here, not at the top: every other command starts without Next.
  const { default: next } = (await import('next')) as unknown as {
    default: (options: { dir: string; dev: boolean; hostname: string; port: number }) => {
      prepare(): Promise<void>;
      getRequestHandler(): RequestHandler;
    };
  };
  const app = next({ dir: config.root, dev: false, hostname: config.host, port: config.port });
  await app.prepare();
  return app.getRequestHandler();
}

async function runServe(ctx: CliContext) {
  const config = ctx.config;
  const access = await openConfiguredAccess(config);
  let problem;
  try {
    problem = await startupProblem(config, () => access.directory.hasAdmin());
  } finally {
    await access.close();
  }
  if (problem) {
    err(ctx, ctx.t(problem.key, problem.params));
    throw new CliExit(1);
  }
  // Route handlers read PORT for the app's own address (the same process, after this).
  process.env.PORT = String(config.port);
  const handle = await nextHandler(config);
  const server = createFrontDoor({ origins: config.origins, port: config.port }, handle, undefined, config.trustProxy);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
  err(
    ctx,
    ctx.t(
      !isLoopbackAddress(config.host)
        ? 'serve.listeningExposed'
        : config.authMode === 'accounts'
          ? 'serve.listeningLocalAccounts'
          : 'serve.listeningLocal',
      {
        url: `http://${shown}:${config.port}`,
        origins: config.origins.join(', '),
        mode: config.authMode,
        root: path.relative(process.cwd(), config.root) || '.',
      },
    ),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      err(ctx, ctx.t('serve.stopping'));
      // close() stops listening and waits for every connection; an open event stream would never end on its own.
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), DRAIN_MS).unref();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  // What the app opened on first use (a PostgreSQL pool, pg-boss, the LISTEN connection, decoder and parse threads)
  // would keep the process alive after the server closed: released here, so the process exits.
  for (const problem of await shutdownAll()) {
    const resource = ctx.t('serve.resource', { name: problem.name });
    err(
      ctx,
      'lateSeconds' in problem
        ? ctx.t('serve.closeLate', { resource, seconds: problem.lateSeconds })
        : ctx.t('serve.closeFailed', { resource, error: problem.error }),
    );
  }
}

/** `paralelo serve`: the web app behind its front door, on PARALELO_HOST (127.0.0.1) and PORT (3000). */
export function registerServeCommands(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description(ctx.t('serve.description'))
    .action(() => runServe(ctx));
}
