/**
 * The access seam: who is asking, and the accounts behind the answer. `Access` is what the doors ask (one adapter
 * per mode: local.ts for one person on one machine, accounts.ts for a shared server); `Directory` is the account
 * store they share (better-auth.ts, over the SQLite file or a PostgreSQL pool).
 */
import type { Role } from './roles';

/** How a request proved who it is. */
export type IdentityVia = 'local' | 'session' | 'token';

/** The person a request acts for, decided on the server. */
export interface Identity {
  userId: string;
  /** What history shows as the author of a revision ('' when the local user has not set a name). */
  displayName: string;
  email: string;
  role: Role;
  via: IdentityVia;
}

/** An account as the CLI and the doors see it (never its password or token hashes). */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** The single user of a server without accounts (no password: nobody can sign in as it). */
  local: boolean;
  createdAt: Date;
}

/** A personal API token as listed: its first characters, never the secret. */
export interface TokenRecord {
  id: string;
  name: string;
  start: string | null;
  ownerEmail: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export type DirectoryErrorCode =
  'email_taken' | 'bad_email' | 'bad_name' | 'weak_password' | 'no_such_user' | 'no_such_token' | 'local_user';

export type DirectoryResult<T> = { ok: true; value: T } | { ok: false; code: DirectoryErrorCode };

/** What a sign-in gives back: the session cookie to set, or a refusal that does not say which part was wrong. */
export type SignInResult = { ok: true; user: UserRecord; setCookie: string[] } | { ok: false; code: 'invalid' };

/** Who a request comes from, for the session record and the rate limit (never trusted for anything else). */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** The accounts, their sessions and their tokens, in the store's database. */
export interface Directory {
  addUser(input: { email: string; name: string; role: Role; password: string }): Promise<DirectoryResult<UserRecord>>;
  listUsers(): Promise<UserRecord[]>;
  findUser(email: string): Promise<UserRecord | null>;
  setRole(email: string, role: Role): Promise<DirectoryResult<UserRecord>>;
  /** Disables (or enables) an account; disabling ends its sessions, and its tokens stop working. */
  setDisabled(email: string, disabled: boolean): Promise<DirectoryResult<UserRecord>>;
  /** Sets a new password and ends every session of the account. */
  setPassword(email: string, password: string): Promise<DirectoryResult<UserRecord>>;
  /** Whether an enabled admin account exists (a shared server refuses to start without one). */
  hasAdmin(): Promise<boolean>;
  /** The local user, created on first use (role admin, no password). */
  localUser(): Promise<UserRecord>;
  /** Sets the display name of an account (its own profile); null when there is no such account. */
  setName(userId: string, name: string): Promise<DirectoryResult<UserRecord>>;
  signIn(email: string, password: string, client: ClientInfo): Promise<SignInResult>;
  /** Ends the session named by the request's cookie; gives the cookies that clear it. */
  signOut(headers: Headers): Promise<string[]>;
  /** The account of the request's session cookie, or null (none, expired, revoked). */
  sessionUser(headers: Headers): Promise<UserRecord | null>;
  createToken(email: string, name: string): Promise<DirectoryResult<{ token: string; record: TokenRecord }>>;
  listTokens(email?: string): Promise<TokenRecord[]>;
  revokeToken(id: string): Promise<DirectoryResult<TokenRecord>>;
  /** The owner of a token, or null (unknown, revoked, expired). */
  tokenUser(token: string): Promise<UserRecord | null>;
  close(): Promise<void>;
}

/** Whether a shared server's accounts are on (`accounts`) or one local user acts for every request (`local`). */
export type AccessMode = 'local' | 'accounts';

/** What every door asks: who is this request? */
export interface Access {
  readonly mode: AccessMode;
  readonly directory: Directory;
  /**
   * The identity of a request from its headers: a valid `Authorization: Bearer` token, else the session cookie
   * (accounts), else the local user (local). Null: anonymous, or credentials that are wrong, revoked or disabled.
   */
  identify(headers: Headers): Promise<Identity | null>;
}
