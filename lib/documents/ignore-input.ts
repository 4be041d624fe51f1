/** What the ignore routes accept, checked at the door: untrusted JSON and query strings in, plain values out. */
import { MAX_FINDING_KEY } from './document-checks';

type Parsed<T> = ({ ok: true } & T) | { ok: false; message: string };

const MAX_INDEX = 10_000_000;

function indexOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < MAX_INDEX) return value;
  if (typeof value === 'string' && /^\d{1,7}$/u.test(value)) return Number(value);
  return null;
}

/** The body of POST …/checks/ignores: { paragraph, key, ignored }. */
export function parseIgnoreBody(body: unknown): Parsed<{ paragraph: number; key: string; ignored: boolean }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'Send { "paragraph": N, "key": "…", "ignored": true or false }.' };
  const { paragraph, key, ignored } = body as Record<string, unknown>;
  const index = indexOf(paragraph);
  if (index === null) return { ok: false, message: '"paragraph" must be a paragraph index (0 is the first).' };
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_FINDING_KEY)
    return { ok: false, message: `"key" must be a finding's key (a string of at most ${MAX_FINDING_KEY} characters).` };
  if (typeof ignored !== 'boolean')
    return { ok: false, message: '"ignored" must be true (ignore it) or false (take the ignore back).' };
  return { ok: true, paragraph: index, key, ignored };
}

/** The query of GET …/checks/ignores: an optional ?paragraph=N. */
export function parseIgnoreQuery(query: URLSearchParams): Parsed<{ paragraph?: number }> {
  const raw = query.get('paragraph');
  if (raw === null) return { ok: true };
  const index = indexOf(raw);
  return index === null
    ? { ok: false, message: '?paragraph= must be a paragraph index (0 is the first).' }
    : { ok: true, paragraph: index };
}
