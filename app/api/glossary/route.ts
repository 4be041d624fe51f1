import { authorOf, guard } from '../_shared/access';
import { apiError, guarded, json, readJson } from '../_shared/respond';
import { getAppContext } from '@/lib/documents/context';
import { addGlossaryEntry, parseGlossaryBody } from '@/lib/documents/library-glossary';
import { glossaryFailure } from './failure';

export const dynamic = 'force-dynamic';

/** GET /api/glossary: the library's glossary, by term. */
export function GET(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const { store } = await getAppContext();
    return json({ entries: await store.listGlossary() });
  });
}

/** POST /api/glossary { term, english, forms?, forbidden?, note? } (translator and up): adds a term. */
export function POST(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'editGlossary', json: true });
    if (who instanceof Response) return who;
    const body = await readJson(request, 32_768);
    if (!body.ok) return body.response;
    const parsed = parseGlossaryBody(body.value);
    if (!parsed.ok) return apiError('bad_request', parsed.message);
    const { store } = await getAppContext();
    const result = await addGlossaryEntry(store, parsed.entry, authorOf(who), Date.now());
    if (!result.ok) return glossaryFailure(result);
    return json({ entry: result.entry }, 201);
  });
}
