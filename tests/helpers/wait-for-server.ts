/**
 * Polls a freshly started server until `url` answers with `status` (default: any 2xx), for the benchmarks and the
 * durability test that start their own `next start`. Resolves with the milliseconds it took.
 */
export async function waitForServer(
  url: string,
  options: { timeoutMs?: number; status?: number; intervalMs?: number; hint?: string } = {},
): Promise<number> {
  const { timeoutMs = 120_000, status, intervalMs = 250, hint } = options;
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    try {
      const res = await fetch(url);
      if (status === undefined ? res.ok : res.status === status) return performance.now() - start;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`the server at ${url} did not start within ${timeoutMs} ms${hint ? ` (${hint})` : ''}`);
}
