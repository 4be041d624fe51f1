import { guard } from '../_shared/access';
import { apiError, guarded, json, readJson } from '../_shared/respond';
import { getSharedAccess } from '@/lib/access';
import { loadConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

/**
 * PUT /api/profile { displayName }: the caller's own display name, the author history shows for their saves (the
 * local user's on a machine without accounts). 200 { user }; 400 for a name that is not one line of at most 80.
 */
export function PUT(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read', json: true });
    if (who instanceof Response) return who;
    const body = await readJson(request, 1024);
    if (!body.ok) return body.response;
    const value = body.value;
    const name =
      typeof value === 'object' && value !== null ? (value as { displayName?: unknown }).displayName : undefined;
    if (typeof name !== 'string') return apiError('bad_request', '"displayName" must be a string.');
    const result = await (await getSharedAccess(loadConfig())).directory.setName(who.userId, name);
    if (!result.ok) return apiError('bad_request', 'A display name is one line of at most 80 characters.');
    return json({ user: { name: result.value.name, email: result.value.email, role: result.value.role } });
  });
}
