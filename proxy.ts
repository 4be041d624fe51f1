import createMiddleware from 'next-intl/middleware';
import { NextResponse, type NextRequest } from 'next/server';
import { routing } from './i18n/routing';

const intl = createMiddleware(routing);
const dev = process.env.NODE_ENV !== 'production';

/**
 * A page's Content-Security-Policy: scripts only with this request's nonce (Next reads it from the request's own
 * CSP header and puts it on every script it renders), nothing inline, nothing from elsewhere. React's dev overlay
 * needs eval, in `next dev` only. Styles keep 'unsafe-inline': React renders style attributes, which cannot carry
 * a nonce, and a style cannot run code.
 */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

export default function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = pagePolicy(nonce);
  request.headers.set('content-security-policy', policy);
  // Paths with a dot (`/x.y`, `/es/read/..%2F..%2Fpackage`) are not localized, as before, but they are still
  // pages (a 404): without this request's nonce their scripts could not run and the page would stay blank.
  // next-intl forwards the request's headers to the page, the policy included.
  const response = request.nextUrl.pathname.includes('.')
    ? NextResponse.next({ request: { headers: request.headers } })
    : intl(request);
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // API routes and uploads stay out: a proxy that matches them would truncate large bodies (platform notes).
  matcher: ['/((?!api|_next|_vercel).*)'],
};
