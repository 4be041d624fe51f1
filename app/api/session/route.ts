import { checkDoor, clientIp } from '../_shared/access';
import { apiError, guarded, json } from '../_shared/respond';
import { getLoginLimiter, getSharedAccess } from '@/lib/access';
import { loadConfig } from '@/lib/config';
import { safeNext } from '@/app/_shared/page-access';
import { routing } from '@/i18n/routing';

export const dynamic = 'force-dynamic';

const MAX_BODY = 4096;

/** GET /api/session: `{ mode, user }`, the caller as the server sees it (user null when anonymous). */
export function GET(request: Request) {
  return guarded(async () => {
    const refused = checkDoor(request);
    if (refused) return refused;
    const config = loadConfig();
    const who = await (await getSharedAccess(config)).identify(request.headers);
    const user = who ? { name: who.displayName, email: who.email, role: who.role, via: who.via } : null;
    return json({ mode: config.authMode, user });
  });
}

async function fieldsOf(request: Request): Promise<Record<string, string> | null> {
  if (Number(request.headers.get('content-length') ?? '0') > MAX_BODY) return null;
  const text = await request.text();
  if (text.length > MAX_BODY) return null;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
      return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return null;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  return null;
}

/**
 * POST /api/session: signs in, from the login page's form (email, password, next, locale: answers 303 to `next`,
 * or back to the form with the reason) or as JSON { email, password } (200 { user }, 401, 429).
 */
export function POST(request: Request) {
  return guarded(async () => {
    const refused = checkDoor(request);
    if (refused) return refused;
    const config = loadConfig();
    const fromForm = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    const fields = await fieldsOf(request);
    const locale = (routing.locales as readonly string[]).includes(fields?.locale ?? '')
      ? fields!.locale!
      : routing.defaultLocale;
    const back = (query: string) =>
      new Response(null, {
        status: 303,
        headers: { location: `/${locale}/login?${query}`, 'cache-control': 'no-store' },
      });
    if (config.authMode !== 'accounts') {
      return fromForm ? back('') : apiError('bad_request', 'This server has no accounts: nobody needs to sign in.');
    }
    if (!fields || typeof fields.email !== 'string' || typeof fields.password !== 'string') {
      return fromForm ? back('error=invalid') : apiError('bad_request', 'Send { "email", "password" }.');
    }
    const access = await getSharedAccess(config);
    const result = await getLoginLimiter(config).signIn(access.directory, fields.email, fields.password, {
      ip: clientIp(request),
      userAgent: request.headers.get('user-agent'),
    });
    const next = encodeURIComponent(safeNext(fields.next, locale));
    if (!result.ok) {
      if (result.code === 'rate_limited') {
        if (fromForm) return back(`error=rate_limited&retry=${result.retryAfterSeconds}&next=${next}`);
        const res = apiError('rate_limited', `Too many failed sign-ins. Try again in ${result.retryAfterSeconds} s.`);
        res.headers.set('retry-after', String(result.retryAfterSeconds));
        return res;
      }
      return fromForm
        ? back(`error=invalid&next=${next}`)
        : apiError('unauthorized', 'Wrong email or password (or the account is disabled).');
    }
    const response = fromForm
      ? new Response(null, { status: 303, headers: { location: safeNext(fields.next, locale) } })
      : json({ user: { name: result.user.name, email: result.user.email, role: result.user.role } });
    response.headers.set('cache-control', 'no-store');
    for (const cookie of result.setCookie) response.headers.append('set-cookie', cookie);
    return response;
  });
}
