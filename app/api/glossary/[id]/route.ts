import { authorOf, guard } from '../../_shared/access';
import { apiError, guarded, json, readJson } from '../../_shared/respond';
import { getAppContext } from '@/lib/documents/context';
import { editGlossaryEntry, parseGlossaryBody, removeGlossaryEntry } from '@/lib/documents/library-glossary';
import { glossaryFailure } from '../failure';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

async function idOf(params: Params['params']): Promise<number | Response> {
  const { id } = await params;
  return /^\d{1,12}$/u.test(id) ? Number(id) : apiError('not_found', `"${id.slice(0, 20)}" is not a glossary entry.`);
}

/** PUT /api/glossary/:id { term, english, forms?, forbidden?, note? } (translator and up): rewrites an entry. */
export function PUT(request: Request, { params }: Params) {
  return guarded(async () => {
    const who = await guard(request, { action: 'editGlossary', json: true });
    if (who instanceof Response) return who;
    const id = await idOf(params);
    if (id instanceof Response) return id;
    const body = await readJson(request, 32_768);
    if (!body.ok) return body.response;
    const parsed = parseGlossaryBody(body.value);
    if (!parsed.ok) return apiError('bad_request', parsed.message);
    const { store } = await getAppContext();
    const result = await editGlossaryEntry(store, id, parsed.entry, authorOf(who), Date.now());
    if (!result.ok) return glossaryFailure(result);
    return json({ entry: result.entry });
  });
}

/** DELETE /api/glossary/:id (translator and up). */
export function DELETE(request: Request, { params }: Params) {
  return guarded(async () => {
    const who = await guard(request, { action: 'editGlossary' });
    if (who instanceof Response) return who;
    const id = await idOf(params);
    if (id instanceof Response) return id;
    const { store } = await getAppContext();
    const result = await removeGlossaryEntry(store, id);
    if (!result.ok) return glossaryFailure(result);
    return json({ deleted: id });
  });
}
