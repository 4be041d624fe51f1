/** What went wrong, in terms a front door (CLI, UI) can word in its own language. */
export type EngineErrorCode =
  | 'model_missing'
  | 'model_corrupt'
  | 'model_not_allowed'
  | 'input_invalid'
  | 'cancelled'
  | 'engine_failed'
  /** No network (DNS failure, refused or timed-out connection) while fetching a model. */
  | 'offline'
  /** The network answered but a download failed (HTTP error, size or checksum mismatch, cut connection). */
  | 'download_failed'
  /** The proxy the environment names (HTTPS_PROXY…) does not answer, asks for credentials or cannot reach the hub. */
  | 'proxy_failed'
  /** The hub's certificate is not trusted here (typically a proxy that inspects HTTPS): NODE_EXTRA_CA_CERTS fixes it. */
  | 'tls_untrusted';

/** Structured facts behind an EngineError, so front doors (CLI, UI) can word the message in their own language. */
export interface EngineErrorDetails {
  modelId?: string;
  /** Path of the file concerned, relative to the model folder. */
  file?: string;
  /** Model folder (absolute). */
  dir?: string;
  /** Command that fixes the problem, e.g. "npx paralelo model fetch". */
  command?: string;
  /** Files to copy in by hand when offline. */
  files?: string[];
  /** Hub URL tried. */
  url?: string;
  /** The proxy used (credentials removed) and the variable that named it. */
  proxy?: string;
  variable?: string;
  /** Why the proxy failed: 'auth', 'upstream' or 'unreachable'. */
  reason?: string;
  /** The network error code or HTTP status behind the failure. */
  status?: string;
}

/** An error a user can act on; `message` names the file or limit and the command to run. */
export class EngineError extends Error {
  readonly details: EngineErrorDetails;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options?: { cause?: unknown; details?: EngineErrorDetails },
  ) {
    super(`[paralelo:mt] ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.details = options?.details ?? {};
  }
}

/** True for an EngineError. */
export function isEngineError(err: unknown): err is EngineError {
  return err instanceof EngineError;
}

/** Checks the signal and throws EngineError('cancelled') if aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new EngineError('cancelled', 'Translation cancelled.', { cause: signal.reason });
  }
}
