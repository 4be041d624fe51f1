import { guard } from '../../../_shared/access';
import { apiError, checkSlug, guarded, json, readJson } from '../../../_shared/respond';
import { getAppContext } from '@/lib/documents/context';
import { loadSourceDocument } from '@/lib/documents/open-document';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ slug: string }> };

/** GET: the document's translation job state (live, else the last stored one). */
export function GET(request: Request, { params }: Ctx) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const ctx = await getAppContext();
    const state = await ctx.queue.status(slug);
    return state ? json({ job: state }) : apiError('not_found', `No translation job for "${slug}" yet.`);
  });
}

/** POST { from?: paragraph index on screen }: starts the document's translation or joins the running one. */
export function POST(request: Request, { params }: Ctx) {
  return guarded(async () => {
    const who = await guard(request, { action: 'translate', json: true });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const body = await readJson(request, 1024);
    if (!body.ok) return body.response;
    if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
      return apiError('bad_request', 'The request body must be a JSON object such as {"from": 0}.');
    }
    const from = (body.value as { from?: unknown }).from;
    if (from !== undefined && !(Number.isSafeInteger(from) && (from as number) >= 0)) {
      return apiError('bad_request', '"from" must be a paragraph index (an integer from 0).');
    }
    const ctx = await getAppContext();
    const loaded = await loadSourceDocument(ctx.content, slug);
    if (!loaded.ok) return apiError(loaded.code === 'not_found' ? 'not_found' : 'unprocessable', loaded.message);
    const job = await ctx.queue.start(loaded.document, from === undefined ? {} : { priorityFrom: from as number });
    return json({ job }, 202);
  });
}

/** DELETE: cancels the document's running translation; what is already translated stays stored. */
export function DELETE(request: Request, { params }: Ctx) {
  return guarded(async () => {
    const who = await guard(request, { action: 'cancelTranslation' });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const ctx = await getAppContext();
    if (!(await ctx.queue.cancel(slug))) return apiError('not_found', `No translation of "${slug}" is running.`);
    return json({ job: (await ctx.queue.status(slug)) ?? null });
  });
}
