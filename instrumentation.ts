/** Runs once when the server starts: parse content/ in the background so the first visit to a book is fast. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadConfig } = await import('./lib/config');
  const { listContentFiles, warmContent } = await import('./lib/content');
  const { contentDir } = loadConfig();
  listContentFiles(contentDir)
    .then(({ files }) => warmContent(files))
    .catch((err: unknown) => console.warn('[paralelo:content] could not parse content/ at start:', err));
}
