import { authorOf } from '../../../../_shared/access';
import { documentRoute, useCaseAnswer } from '../../../../_shared/document-route';
import { apiError, json, readJson } from '../../../../_shared/respond';
import { recordIgnore } from '@/lib/documents/document-checks';
import { parseIgnoreBody, parseIgnoreQuery } from '@/lib/documents/ignore-input';

export const dynamic = 'force-dynamic';

/** GET ?paragraph=N: the ignore events of the document (of one paragraph when given), oldest first. */
export const GET = documentRoute({ action: 'read' }, async ({ request, slug, context }) => {
  const query = parseIgnoreQuery(new URL(request.url).searchParams);
  if (!query.ok) return apiError('bad_request', query.message);
  const { store } = await context();
  return json({ events: await store.listCheckIgnores(slug, query.paragraph) });
});

/**
 * POST { paragraph, key, ignored }: ignores one finding's occurrence (ignored: true) or takes the ignore back
 * (false), recorded as an event by the caller's identity (translator, reviewer or admin).
 */
export const POST = documentRoute({ action: 'ignoreFinding', json: true }, async ({ request, who, slug, context }) => {
  const body = await readJson(request, 4096);
  if (!body.ok) return body.response;
  const fields = parseIgnoreBody(body.value);
  if (!fields.ok) return apiError('bad_request', fields.message);
  const ctx = await context();
  const result = await recordIgnore(ctx, ctx.store, {
    slug,
    paragraphIndex: fields.paragraph,
    findingKey: fields.key,
    ignored: fields.ignored,
    author: authorOf(who),
    now: Date.now(),
  });
  if (!result.ok) return useCaseAnswer(result);
  return json({ event: result.event, changed: result.changed }, result.changed ? 201 : 200);
});
