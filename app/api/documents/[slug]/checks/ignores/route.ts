import { authorOf, guard } from '../../../../_shared/access';
import { apiError, checkSlug, guarded, json, readJson } from '../../../../_shared/respond';
import { getAppContext } from '@/lib/documents/context';
import { recordIgnore } from '@/lib/documents/document-checks';
import { parseIgnoreBody, parseIgnoreQuery } from '@/lib/documents/ignore-input';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ slug: string }> };

/** GET ?paragraph=N: the ignore events of the document (of one paragraph when given), oldest first. */
export function GET(request: Request, { params }: Params) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const query = parseIgnoreQuery(new URL(request.url).searchParams);
    if (!query.ok) return apiError('bad_request', query.message);
    const { store } = await getAppContext();
    return json({ events: await store.listCheckIgnores(slug, query.paragraph) });
  });
}

/**
 * POST { paragraph, key, ignored }: ignores one finding's occurrence (ignored: true) or takes the ignore back
 * (false), recorded as an event by the caller's identity (translator, reviewer or admin).
 */
export function POST(request: Request, { params }: Params) {
  return guarded(async () => {
    const who = await guard(request, { action: 'ignoreFinding', json: true });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const body = await readJson(request, 4096);
    if (!body.ok) return body.response;
    const fields = parseIgnoreBody(body.value);
    if (!fields.ok) return apiError('bad_request', fields.message);
    const ctx = await getAppContext();
    const result = await recordIgnore(ctx, ctx.store, {
      slug,
      paragraphIndex: fields.paragraph,
      findingKey: fields.key,
      ignored: fields.ignored,
      author: authorOf(who),
      now: Date.now(),
    });
    if (!result.ok) return apiError(result.code === 'not_found' ? 'not_found' : 'unprocessable', result.message);
    return json({ event: result.event, changed: result.changed }, result.changed ? 201 : 200);
  });
}
