/**
 * Access for a shared server (accounts on): a request is someone only through a valid bearer token or session
 * cookie of an enabled account. The local user of a machine without accounts is nobody here: it has no password,
 * and its tokens (made for one person's scripts) do not open a shared server.
 */
import { bearerOf, identityOf } from './identity';
import type { Access, Directory, Identity, UserRecord } from './types';

const shared = (user: UserRecord | null) => (user && !user.local ? user : null);

/** The `accounts` adapter of Access. */
export function createAccountsAccess(directory: Directory): Access {
  return {
    mode: 'accounts',
    directory,
    async identify(headers: Headers): Promise<Identity | null> {
      const token = bearerOf(headers);
      if (token !== null) return identityOf(shared(await directory.tokenUser(token)), 'token');
      return identityOf(shared(await directory.sessionUser(headers)), 'session');
    },
  };
}
