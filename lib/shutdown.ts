/**
 * The process-wide resources a server opens on first use (the shared store, the accounts, the job queue with its
 * LISTEN connection and pg-boss, the model's decoder threads, the parse pool), each with how to release it, so that
 * `paralelo serve` can release them all on SIGTERM and exit. Kept on globalThis: Next bundles each route with its own
 * copy of lib/, and a resource opened by one copy must be released by the server's.
 */
const KEY = Symbol.for('paralelo.shutdown');

interface Entry {
  name: string;
  close: () => Promise<void> | void;
}

function entries(): Entry[] {
  const g = globalThis as typeof globalThis & { [KEY]?: Entry[] };
  return (g[KEY] ??= []);
}

/**
 * A resource that did not close: still closing after `lateSeconds`, or failed with `error` (the library's own words).
 * Names are identifiers (store, accounts, jobs, parsePool, mtEngine) that the CLI words from its catalog.
 */
export type ShutdownProblem = { name: string; lateSeconds: number } | { name: string; error: string };

/** Registers a resource's release for shutdown; the returned function unregisters it (the resource closed itself). */
export function onShutdown(name: string, close: () => Promise<void> | void): () => void {
  const entry: Entry = { name, close };
  entries().push(entry);
  return () => {
    const list = entries();
    const at = list.indexOf(entry);
    if (at >= 0) list.splice(at, 1);
  };
}

/** The names of the resources registered now, oldest first (tests, and a look at what is still open). */
export function openResources(): string[] {
  return entries().map((e) => e.name);
}

/**
 * Releases every registered resource, newest first (a job queue before the store it writes to), each at most
 * `timeoutMs`; resolves with those that failed or did not finish in time, and forgets them all.
 */
export async function shutdownAll(timeoutMs = 10_000): Promise<ShutdownProblem[]> {
  const list = entries().splice(0).reverse();
  const problems: ShutdownProblem[] = [];
  for (const { name, close } of list) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
      timer.unref();
    });
    try {
      const result = await Promise.race([Promise.resolve(close()).then(() => 'ok' as const), late]);
      if (result === 'late') problems.push({ name, lateSeconds: timeoutMs / 1000 });
    } catch (error) {
      problems.push({ name, error: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
  return problems;
}
