/**
 * Access for one person on one machine (loopback, accounts off): every request the door let through acts as the
 * local user, an admin whose display name is kept on the server (the profile in the editor). A bearer token still
 * names its owner, and a wrong one is refused rather than taken for the local user.
 */
import { bearerOf, identityOf } from './identity';
import type { Access, Directory, Identity, UserRecord } from './types';

/** How long the local user's name is reused before it is read again (another process may have changed it). */
const LOCAL_TTL_MS = 2000;

/** The `local` adapter of Access. */
export function createLocalAccess(directory: Directory): Access {
  let cached: { user: UserRecord; at: number } | null = null;
  const localUser = async () => {
    if (cached && Date.now() - cached.at < LOCAL_TTL_MS) return cached.user;
    cached = { user: await directory.localUser(), at: Date.now() };
    return cached.user;
  };
  return {
    mode: 'local',
    directory: {
      ...directory,
      async setName(userId, name) {
        const result = await directory.setName(userId, name);
        if (result.ok && result.value.local) cached = { user: result.value, at: Date.now() };
        return result;
      },
    },
    async identify(headers: Headers): Promise<Identity | null> {
      const token = bearerOf(headers);
      if (token !== null) return identityOf(await directory.tokenUser(token), 'token');
      return identityOf({ ...(await localUser()), role: 'admin' }, 'local');
    },
  };
}
