/** Longest slug accepted anywhere (file names and URLs). */
export const MAX_SLUG_LENGTH = 120;

const SLUG_RE = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/;

/** True for a slug the product could have made itself: lower-case ASCII letters, digits, "-" and "_", no dots or slashes. */
export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && SLUG_RE.test(slug);
}

/** The slug of a content file name ("Mi Libro.md" → "mi-libro"), or null when nothing usable is left. */
export function slugFromFileName(fileName: string): string | null {
  const base = fileName.replace(/\.(md|txt)$/i, '');
  const slug = base
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/[-_]+$/g, '');
  return isValidSlug(slug) ? slug : null;
}

/** The candidate slugs for a base: base, base-2, base-3, … (cut so the suffix always fits). */
export function slugCandidate(base: string, n: number): string {
  if (n <= 1) return base;
  const suffix = `-${n}`;
  return `${base.slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/[-_]+$/, '')}${suffix}`;
}
