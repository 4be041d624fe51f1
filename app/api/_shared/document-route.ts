/**
 * "A document route": every handler under /api/documents/:slug runs the guard (host, origin, identity, role) first,
 * then refuses a slug the product could not have made (404), inside `guarded` (an exception is a logged 500 without
 * internals). The handler gets who asks and the slug; the app context is fetched when the handler asks for it, so a
 * malformed request is still refused before anything is opened.
 */
import type { Identity } from '@/lib/access';
import { getAppContext } from '@/lib/documents/context';
import type { UseCaseError } from '@/lib/documents/types';
import type { PoolBusy } from '@/lib/heavy/pool';
import { guard, type GuardOptions } from './access';
import { apiError, busyAnswer, checkSlug, guarded } from './respond';

/** What a document route's handler is given. */
export interface DocumentRequest<P extends { slug: string }> {
  request: Request;
  who: Identity;
  /** The route's parameters, the slug among them checked. */
  params: P;
  slug: string;
  context: typeof getAppContext;
}

/** A route handler for `/api/documents/:slug…` that guards, checks the slug, then runs `handler`. */
export function documentRoute<P extends { slug: string } = { slug: string }>(
  options: GuardOptions,
  handler: (r: DocumentRequest<P>) => Promise<Response>,
): (request: Request, route: { params: Promise<P> }) => Promise<Response> {
  return (request, route) =>
    guarded(async () => {
      const who = await guard(request, options);
      if (who instanceof Response) return who;
      const params = await route.params;
      const bad = checkSlug(params.slug);
      if (bad) return bad;
      return handler({ request, who, params, slug: params.slug, context: getAppContext });
    });
}

/** A use case's refusal as the API answers it: 503 busy with Retry-After, 404 for what is not there, else 422. */
export function useCaseAnswer(failure: Pick<UseCaseError, 'code' | 'message'> | PoolBusy): Response {
  if (failure.code === 'busy') return busyAnswer(failure as PoolBusy);
  return apiError(failure.code === 'not_found' ? 'not_found' : 'unprocessable', failure.message);
}
