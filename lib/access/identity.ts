import { bearerToken } from './request-policy';
import type { Identity, IdentityVia, UserRecord } from './types';

/** The identity an account acts as, or null when it may not act at all (disabled). */
export function identityOf(user: UserRecord | null, via: IdentityVia): Identity | null {
  if (!user || user.disabled) return null;
  return { userId: user.id, displayName: user.name, email: user.email, role: user.role, via };
}

/** The bearer token of a request's headers, or null. */
export function bearerOf(headers: Headers): string | null {
  return bearerToken(headers.get('authorization'));
}
