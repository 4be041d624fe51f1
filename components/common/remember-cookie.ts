/** How long a reader's choices (reading mode, theme, text size) are remembered by the browser. */
const YEAR = 60 * 60 * 24 * 365;

/** Keeps a choice of the reader's in a first-party cookie, which the server reads for the next page's first paint. */
export function rememberCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${YEAR}; SameSite=Lax`;
}
