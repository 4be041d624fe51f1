import { isValidSlug, type ContentSource } from '../content';
import type { UseCaseError } from './types';

/** What deleting a document did: where its source was kept (its revisions stay in the store). */
export type DeleteResult = { ok: true; slug: string; fileName: string; keptAt: string } | UseCaseError;

/**
 * Takes a document out of the library (an admin's action). Its running translation is cancelled first; its source is
 * kept by the content source (content/.deleted/, or a row marked deleted) and its revisions stay in the store, so a
 * deletion can be undone by hand and nothing a translator wrote is destroyed.
 */
export async function deleteDocument(
  content: ContentSource,
  slug: string,
  cancelTranslation: (slug: string) => Promise<unknown>,
): Promise<DeleteResult> {
  if (!isValidSlug(slug))
    return { ok: false, code: 'not_found', message: `There is no document "${slug.slice(0, 120)}".` };
  const found = await content.find(slug);
  if (!found) return { ok: false, code: 'not_found', message: `There is no document "${slug}" in the library.` };
  await cancelTranslation(slug);
  const removed = await content.remove(slug);
  return removed.ok ? removed : { ok: false, code: 'not_found', message: removed.message };
}
