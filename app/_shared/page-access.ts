import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getSharedAccess, type Identity } from '@/lib/access';
import { safeReturnPath } from '@/lib/access/request-policy';
import { routing } from '@/i18n/routing';
import { loadConfig } from '@/lib/config';

/**
 * Who is looking at the page (the same rules as the API: token, session, or the local user), or null. Asked once per
 * request (React's cache): the layout, the page and its metadata all ask, and with accounts each asking is a
 * session lookup in the database.
 */
export const pageIdentity = cache(async (): Promise<Identity | null> => {
  return (await getSharedAccess(loadConfig())).identify(await headers());
});

/** The identity of a page's reader; anonymous on a server with accounts: to the sign-in page, then back here. */
export async function requirePageIdentity(locale: string, path: string): Promise<Identity> {
  const who = await pageIdentity();
  if (!who) redirect(`/${locale}/login?next=${encodeURIComponent(path)}`);
  return who;
}

/** A path to go back to after signing in: one of this app's own pages, never another site. */
export function safeNext(value: string | null | undefined, locale: string): string {
  return safeReturnPath(value, routing.locales, `/${locale}`);
}
