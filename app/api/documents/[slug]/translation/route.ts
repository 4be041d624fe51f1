import { documentRoute, useCaseAnswer } from '../../../_shared/document-route';
import { apiError, json, readJson } from '../../../_shared/respond';
import { loadSourceDocument } from '@/lib/documents/open-document';

export const dynamic = 'force-dynamic';

/** GET: the document's translation job state (live, else the last stored one). */
export const GET = documentRoute({ action: 'read' }, async ({ slug, context }) => {
  const ctx = await context();
  const state = await ctx.queue.status(slug);
  return state ? json({ job: state }) : apiError('not_found', `No translation job for "${slug}" yet.`);
});

/** POST { from?: paragraph index on screen }: starts the document's translation or joins the running one. */
export const POST = documentRoute({ action: 'translate', json: true }, async ({ request, slug, context }) => {
  const body = await readJson(request, 1024);
  if (!body.ok) return body.response;
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    return apiError('bad_request', 'The request body must be a JSON object such as {"from": 0}.');
  }
  const from = (body.value as { from?: unknown }).from;
  if (from !== undefined && !(Number.isSafeInteger(from) && (from as number) >= 0)) {
    return apiError('bad_request', '"from" must be a paragraph index (an integer from 0).');
  }
  const ctx = await context();
  const loaded = await loadSourceDocument(ctx.content, slug);
  if (!loaded.ok) return useCaseAnswer(loaded);
  const job = await ctx.queue.start(loaded.document, from === undefined ? {} : { priorityFrom: from as number });
  return json({ job }, 202);
});

/** DELETE: cancels the document's running translation; what is already translated stays stored. */
export const DELETE = documentRoute({ action: 'cancelTranslation' }, async ({ slug, context }) => {
  const ctx = await context();
  if (!(await ctx.queue.cancel(slug))) return apiError('not_found', `No translation of "${slug}" is running.`);
  return json({ job: (await ctx.queue.status(slug)) ?? null });
});
