import { EngineError } from '../errors';
import { ADOPT_COMMAND } from '../model/model-files';
import type { ModelSpec } from '../model/registry';
import { HttpStatusError, RequestError } from './http-open';
import type { ProxyRoute } from './proxy';

// Which failure a user is looking at when a download fails, and what to do about it.

/** Certificate problems that mean "this machine does not trust who answered", typically an inspecting proxy. */
const UNTRUSTED_CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
]);

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function offlineError(spec: ModelSpec, url: string, err: unknown): EngineError {
  const code = errorCode(err) ?? 'error';
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  return new EngineError(
    'offline',
    `No network: cannot reach ${host} (${code}). To install ${spec.modelId} without network, copy these files ` +
      `into ${spec.dir}: ${spec.files.join(', ')}; then run \`${ADOPT_COMMAND}\`.`,
    { cause: err, details: { modelId: spec.modelId, dir: spec.dir, files: spec.files, url, command: ADOPT_COMMAND } },
  );
}

function proxyError(
  spec: ModelSpec,
  url: string,
  route: ProxyRoute,
  reason: 'auth' | 'upstream' | 'unreachable' | 'scheme',
  status: string,
  err: unknown,
): EngineError {
  const host = new URL(url).host;
  const what = {
    auth: 'it asks for a user name and password; put them in the variable as http://user:password@host:port',
    upstream: `it could not reach ${host} (${status})`,
    unreachable: `it does not answer (${status})`,
    scheme: 'only http:// and https:// proxies are supported',
  }[reason];
  return new EngineError(
    'proxy_failed',
    `Cannot download through the proxy ${route.proxy} (set by ${route.variable}): ${what}. Fix ${route.variable}, or ` +
      `list ${host} in NO_PROXY to connect directly. Without network, copy these files into ${spec.dir}: ` +
      `${spec.files.join(', ')}; then run \`${ADOPT_COMMAND}\`.`,
    {
      cause: err,
      details: {
        modelId: spec.modelId,
        dir: spec.dir,
        files: spec.files,
        url,
        proxy: route.proxy,
        variable: route.variable,
        reason,
        status,
        command: ADOPT_COMMAND,
      },
    },
  );
}

/** Where a failed request was, for classifyFetchError. */
export interface FetchFailure {
  spec: ModelSpec;
  /** The URL asked for (a redirect's target may be another: RequestError knows it). */
  url: string;
  file: string;
  signal?: AbortSignal;
  /** Whether the hub has answered in this run: after that, a network error is a cut download, not "offline". */
  reachedHub: boolean;
}

/**
 * Turns what failed on the way to the hub into the EngineError a user can act on: cancelled, the proxy (which one, which
 * variable, why), an untrusted certificate (NODE_EXTRA_CA_CERTS), no network (the files to copy in by hand), or a
 * failed download (HTTP status, cut connection).
 */
export function classifyFetchError(err: unknown, where: FetchFailure): EngineError {
  const { spec, url, file, signal, reachedHub } = where;
  if (err instanceof EngineError) return err;
  // What went wrong, where (a redirect's target may not be `url`) and through which proxy.
  const cause = err instanceof RequestError ? err.error : err;
  const at = err instanceof RequestError ? err.url : url;
  const route = err instanceof RequestError ? err.route : null;
  const code = errorCode(cause);
  if (signal?.aborted || code === 'ABORT_ERR') {
    return new EngineError('cancelled', 'Download cancelled.', { cause: err });
  }
  if (route && !reachedHub) {
    const status = cause instanceof HttpStatusError ? cause.status : null;
    const reason =
      code === 'EPROXYSCHEME'
        ? 'scheme'
        : status === 407
          ? 'auth'
          : status !== null && status >= 502 && status <= 504
            ? 'upstream'
            : status === null && NETWORK_CODES.has(code ?? '')
              ? 'unreachable'
              : null;
    if (reason) return proxyError(spec, at, route, reason, status === null ? (code ?? 'error') : `HTTP ${status}`, err);
  }
  if (code && UNTRUSTED_CERT_CODES.has(code)) {
    return new EngineError(
      'tls_untrusted',
      `The certificate of ${new URL(at).host} is not trusted on this machine (${code}). If your network ` +
        'inspects HTTPS (a company proxy may), save its CA certificate as a PEM file and run again with ' +
        'NODE_EXTRA_CA_CERTS=/path/to/ca.pem.',
      { cause: err, details: { modelId: spec.modelId, file, url: at, status: code } },
    );
  }
  if (!reachedHub && NETWORK_CODES.has(code ?? '')) return offlineError(spec, at, cause);
  const via = route ? ` through the proxy ${route.proxy} (${route.variable})` : '';
  if (cause instanceof HttpStatusError) {
    return new EngineError(
      'download_failed',
      `Download of ${file} for ${spec.modelId} failed: HTTP ${cause.status} from ${at}${via}.`,
      { cause: err, details: { modelId: spec.modelId, file, url: at } },
    );
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return new EngineError('download_failed', `Download of ${file} for ${spec.modelId} failed${via}: ${message}.`, {
    cause: err,
    details: { modelId: spec.modelId, file, url: at, command: 'npx paralelo model fetch' },
  });
}
