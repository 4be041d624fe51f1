/**
 * Runs once when the server starts, in the background: parses the library (content/, or with PostgreSQL the
 * database's documents, content/'s new and changed files imported into it first) so the first visit to a book is fast, and
 * loads the translation model (when installed) so the first document opened does not wait for it.
 * PARALELO_PRELOAD=0 leaves the model until a document needs it. With PostgreSQL the job queue is opened at once,
 * so this instance's worker takes up queued jobs after a restart before anyone opens a page; with
 * PARALELO_WORKERS=external this instance never translates and loads no model.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadConfig } = await import('./lib/config');
  const { openFolderSource, warmContent } = await import('./lib/content');
  const config = loadConfig();
  const warn = (err: unknown) => console.warn('[paralelo:content] could not parse the library at start:', err);
  if (!config.database) warmContent(openFolderSource(config.contentDir)).catch(warn);
  if (config.database) {
    const { describeLocation } = await import('./lib/store/postgres-location');
    const { getAppContext } = await import('./lib/documents/context');
    getAppContext()
      .then((ctx) => {
        console.log(
          `[paralelo:jobs] queue on ${describeLocation(config.database!)}` +
            (config.workers === 'external' ? ' (translated by paralelo worker processes)' : ', translated here too'),
        );
        // Listing the database's library imports content/'s new and changed files into it first.
        warmContent(ctx.content).catch(warn);
      })
      .catch((err: unknown) =>
        console.warn(
          `[paralelo:jobs] ${err instanceof Error ? err.message : String(err)} (retried on the next request)`,
        ),
      );
    if (config.workers === 'external') return;
  }
  if (process.env.PARALELO_PRELOAD === '0') return;
  const { preloadSharedEngine, sharedEngineSettled } = await import('./lib/mt');
  // A failure here is not the end: the first translation job loads the model again and shows the error in the reader.
  const started = performance.now();
  preloadSharedEngine(config)
    .then((loaded) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (!loaded) return;
      console.log(`[paralelo:mt] model ${config.modelId} (${config.dtype}) loaded in ${seconds} s`);
      // The further decoder threads load after that first request (lib/mt/worker/decoder-pool.ts).
      if (config.decoderThreads > 1) {
        return sharedEngineSettled().then((threads) => {
          const all = ((performance.now() - started) / 1000).toFixed(1);
          console.log(`[paralelo:mt] ${threads} of ${config.decoderThreads} decoder threads ready in ${all} s`);
        });
      }
    })
    .catch((err: unknown) =>
      console.warn(
        `[paralelo:mt] could not load the model at start: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
}
