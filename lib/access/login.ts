/**
 * Signing in, with failed attempts limited per account and per address (rate-limiter-flexible): after
 * FAILS_PER_ACCOUNT wrong passwords for one email, or FAILS_PER_ADDRESS from one address, within WINDOW_SECONDS,
 * further attempts are refused without checking the password until the window has passed. The counts are kept per
 * email as typed (lower-cased), whether or not an account has it, so a refusal says nothing about who exists; an
 * unknown email costs the same password hash as a wrong password (better-auth hashes it anyway).
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { ClientInfo, Directory, UserRecord } from './types';

export const FAILS_PER_ACCOUNT = 5;
export const FAILS_PER_ADDRESS = 20;
export const WINDOW_SECONDS = 15 * 60;

export type LoginResult =
  | { ok: true; user: UserRecord; setCookie: string[] }
  | { ok: false; code: 'invalid' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

export interface LoginLimiter {
  signIn(directory: Directory, email: string, password: string, client: ClientInfo): Promise<LoginResult>;
}

/** A limiter kept in this process's memory (the server is one process; a restart forgets the counts). */
export function createLoginLimiter(
  limits: { perAccount?: number; perAddress?: number; windowSeconds?: number } = {},
): LoginLimiter {
  const duration = limits.windowSeconds ?? WINDOW_SECONDS;
  const byAccount = new RateLimiterMemory({ points: limits.perAccount ?? FAILS_PER_ACCOUNT, duration });
  const byAddress = new RateLimiterMemory({ points: limits.perAddress ?? FAILS_PER_ADDRESS, duration });
  // A point is taken before the password is checked and given back on success, so a burst of parallel attempts
  // cannot all pass before the first failure is counted.
  const take = async (limiter: RateLimiterMemory, key: string): Promise<number> => {
    try {
      await limiter.consume(key);
      return 0;
    } catch (res) {
      // A refusal is the library's RateLimiterRes, but not `instanceof` the class this file imports once Next has
      // bundled the route (it answered 500 for the sixth attempt): its shape is what counts.
      const msBeforeNext = (res as { msBeforeNext?: unknown } | null)?.msBeforeNext;
      if (typeof msBeforeNext === 'number') return Math.max(1, Math.ceil(msBeforeNext / 1000));
      throw res;
    }
  };
  return {
    async signIn(directory, email, password, client) {
      const account = `account:${email.trim().toLowerCase().slice(0, 254)}`;
      const address = `address:${client.ip ?? 'unknown'}`;
      const waits = await Promise.all([take(byAccount, account), take(byAddress, address)]);
      const wait = Math.max(...waits);
      if (wait > 0) return { ok: false, code: 'rate_limited', retryAfterSeconds: wait };
      const result = await directory.signIn(email, password, client);
      if (result.ok) {
        await Promise.all([byAccount.delete(account), byAddress.reward(address, 1)]);
        return result;
      }
      return { ok: false, code: 'invalid' };
    },
  };
}
