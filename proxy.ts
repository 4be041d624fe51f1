import createMiddleware from 'next-intl/middleware';
import { routing } from './i18n/routing';

export default createMiddleware(routing);

export const config = {
  // API routes and uploads stay out: a proxy that matches them would truncate large bodies (platform notes).
  matcher: ['/((?!api|_next|_vercel|.*\\..*).*)'],
};
