import { checkDoor } from '../../_shared/access';
import { guarded } from '../../_shared/respond';
import { getSharedAccess } from '@/lib/access';
import { loadConfig } from '@/lib/config';
import { routing } from '@/i18n/routing';

export const dynamic = 'force-dynamic';

/** POST /api/session/sign-out (the header's form, or a script): ends the session, then 303 to the logout page. */
export function POST(request: Request) {
  return guarded(async () => {
    const refused = checkDoor(request);
    if (refused) return refused;
    const locale = new URL(request.url).searchParams.get('locale');
    const where = (routing.locales as readonly string[]).includes(locale ?? '') ? locale : routing.defaultLocale;
    const cookies = await (await getSharedAccess(loadConfig())).directory.signOut(request.headers);
    const response = new Response(null, {
      status: 303,
      headers: { location: `/${where}/logout`, 'cache-control': 'no-store' },
    });
    for (const cookie of cookies) response.headers.append('set-cookie', cookie);
    return response;
  });
}
