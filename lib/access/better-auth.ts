// Over 300 lines: the one Directory adapter over better-auth; each method maps one better-auth call, kept together so
// the library's quirks (its errors, its rows, its plugin) are handled in one place.
/**
 * The Directory over better-auth: accounts (email and password, scrypt), sessions (httpOnly SameSite=Lax cookies
 * that expire and can be revoked) and personal API tokens (the api-key plugin, stored hashed). It lives in the
 * store's database, as its own auth_* tables: the SQLite file (a connection of its own, WAL) or a PostgreSQL pool.
 * Sign-up is off: accounts are made by an admin (`paralelo user add`). Nothing here is password or session code of
 * our own; the user, session and token rows are read and written through better-auth's adapter.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { apiKey } from '@better-auth/api-key';
import { Kysely, PostgresDialect, SqliteDialect, sql, type PostgresPool } from 'kysely';
import { isRole, type Role } from './roles';
import type { ClientInfo, Directory, DirectoryResult, SignInResult, TokenRecord, UserRecord } from './types';

/** Where the accounts live: the store's SQLite file, or the pool of the PostgreSQL store. */
export type AuthDatabase = { kind: 'sqlite'; file: string } | { kind: 'postgres'; pool: PostgresPool };

export interface DirectoryOptions {
  database: AuthDatabase;
  /** The address the server is reached at (cookies are Secure when it is https). */
  baseURL: string;
  /** Signs the session cookies; when absent, one is generated once and kept in the database. */
  secret?: string;
  /** Session lifetime in seconds (default 7 days; refreshed once a day of use). */
  sessionSeconds?: number;
}

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 128;
export const MAX_NAME = 80;
/** The local user's address: `.invalid` can never be a real mailbox, and it has no password. */
export const LOCAL_EMAIL = 'local@paralelo.invalid';
const TOKEN_PREFIX = 'plo_';
const SECRET_KEY = 'auth.secret';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

function plainName(name: string): string | null {
  const n = name.normalize('NFC').trim();
  // One line of printable text: no controls, no bidi overrides (a name is shown beside other people's text).
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (n.length > MAX_NAME || /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(n)) return null;
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(n)) return null;
  return n;
}

function kyselyFor(database: AuthDatabase): {
  db: Kysely<unknown>;
  type: 'sqlite' | 'postgres';
  close: () => Promise<void>;
  /** Runs the tables' creation so that two processes opening the same database at once do it one after another. */
  oneAtATime: <T>(fn: () => Promise<T>) => Promise<T>;
} {
  if (database.kind === 'postgres') {
    const { pool } = database;
    // The pool belongs to the store: closing the directory leaves it open.
    return {
      db: new Kysely({ dialect: new PostgresDialect({ pool }) }),
      type: 'postgres',
      close: async () => {},
      // Two web instances starting together both found the tables missing and both created them ("relation
      // auth_session already exists"): a session lock per schema, held on a connection of its own, serializes them.
      oneAtATime: async (fn) => {
        const client = await pool.connect();
        try {
          await client.query(`SELECT pg_advisory_lock(hashtext('paralelo.accounts.' || current_schema()))`, []);
          try {
            return await fn();
          } finally {
            await client.query(`SELECT pg_advisory_unlock(hashtext('paralelo.accounts.' || current_schema()))`, []);
          }
        } finally {
          client.release();
        }
      },
    };
  }
  // The accounts may be opened before the store is (`paralelo serve` checks for an admin first): on a fresh
  // checkout the database's folder (data/) does not exist yet.
  if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const handle = new Database(database.file);
  handle.pragma('journal_mode = WAL');
  handle.pragma('busy_timeout = 5000');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: handle }) });
  // SQLite's own write lock and busy timeout already make a second process wait.
  return { db, type: 'sqlite', close: async () => void handle.close(), oneAtATime: (fn) => fn() };
}

/** The cookie secret: configured, else generated once and kept in paralelo_settings (both SQL dialects). */
async function secretOf(db: Kysely<unknown>, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await sql`CREATE TABLE IF NOT EXISTS paralelo_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)`.execute(db);
  const fresh = crypto.randomBytes(32).toString('base64url');
  await sql`INSERT INTO paralelo_settings (key, value) VALUES (${SECRET_KEY}, ${fresh}) ON CONFLICT (key) DO NOTHING`.execute(
    db,
  );
  const row = await sql<{ value: string }>`SELECT value FROM paralelo_settings WHERE key = ${SECRET_KEY}`.execute(db);
  return row.rows[0]?.value ?? fresh;
}

const ADMIN_MADE = { method: 'admin' } as const;

function authOptions(db: Kysely<unknown>, type: 'sqlite' | 'postgres', options: DirectoryOptions, secret: string) {
  const secure = options.baseURL.startsWith('https:');
  return {
    appName: 'Paralelo',
    baseURL: options.baseURL,
    secret,
    database: { db, type },
    // Nothing leaves the machine. Its log would name every failed sign-in and bad token: the doors answer those.
    telemetry: { enabled: false },
    logger: { disabled: true },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD,
      maxPasswordLength: MAX_PASSWORD,
      revokeSessionsOnPasswordReset: true,
    },
    user: {
      modelName: 'auth_user',
      additionalFields: {
        role: { type: 'string' as const, required: false, defaultValue: 'reader', input: false },
        disabled: { type: 'boolean' as const, required: false, defaultValue: false, input: false },
      },
    },
    session: {
      modelName: 'auth_session',
      expiresIn: options.sessionSeconds ?? 7 * 24 * 3600,
      updateAge: 24 * 3600,
    },
    account: { modelName: 'auth_account' },
    verification: { modelName: 'auth_verification' },
    // Failed sign-ins are limited per account and per address by lib/access/login.ts, which calls the API directly.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'paralelo',
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' },
    },
    plugins: [
      apiKey({
        schema: { apikey: { modelName: 'auth_apikey' } },
        defaultPrefix: TOKEN_PREFIX,
        // Scripts make many requests; who may do what is the role's business, not a request quota.
        rateLimit: { enabled: false },
        startingCharactersConfig: { shouldStore: true, charactersLength: 10 },
      }),
    ],
  };
}

type AuthUserRow = {
  id: string;
  email: string;
  name: string;
  role?: unknown;
  disabled?: unknown;
  createdAt: Date | string | number;
};

function toUser(row: AuthUserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : 'reader',
    disabled: row.disabled === true || row.disabled === 1,
    local: row.email === LOCAL_EMAIL,
    createdAt: new Date(row.createdAt),
  };
}

type ApiKeyRow = {
  id: string;
  name?: string | null;
  start?: string | null;
  referenceId: string;
  createdAt: Date | string;
  expiresAt?: Date | string | null;
};

/** Opens the accounts directory on a database, creating or updating its tables (better-auth's migrations). */
export async function openBetterAuthDirectory(options: DirectoryOptions): Promise<Directory> {
  const { db, type, close, oneAtATime } = kyselyFor(options.database);
  const auth = await oneAtATime(async () => {
    const secret = await secretOf(db, options.secret);
    const made = betterAuth(authOptions(db, type, options, secret));
    const { runMigrations } = await getMigrations(made.options);
    await runMigrations();
    return made;
  });
  const ctx = await auth.$context;
  const adapter = ctx.adapter;
  const internal = ctx.internalAdapter;

  const byEmail = async (email: string) => {
    const found = await internal.findUserByEmail(email.trim().toLowerCase());
    return found ? (found.user as unknown as AuthUserRow) : null;
  };
  const update = async (id: string, data: Record<string, unknown>) =>
    toUser((await internal.updateUser(id, data)) as unknown as AuthUserRow);
  const withUser = async (
    email: string,
    fn: (row: AuthUserRow) => Promise<DirectoryResult<UserRecord>>,
  ): Promise<DirectoryResult<UserRecord>> => {
    const row = await byEmail(email);
    if (!row) return { ok: false, code: 'no_such_user' };
    if (row.email === LOCAL_EMAIL) return { ok: false, code: 'local_user' };
    return fn(row);
  };
  const passwordOk = (password: string) => password.length >= MIN_PASSWORD && password.length <= MAX_PASSWORD;
  const tokenRecord = async (row: ApiKeyRow): Promise<TokenRecord> => {
    const owner = await internal.findUserById(row.referenceId);
    return {
      id: row.id,
      name: row.name ?? '',
      start: row.start ?? null,
      ownerEmail: owner?.email ?? '?',
      createdAt: new Date(row.createdAt),
      expiresAt: row.expiresAt ? new Date(row.expiresAt) : null,
    };
  };

  const directory: Directory = {
    async addUser({ email, name, role, password }) {
      const address = email.trim().toLowerCase();
      if (!EMAIL.test(address) || address === LOCAL_EMAIL) return { ok: false, code: 'bad_email' };
      const display = plainName(name);
      if (display === null || display === '') return { ok: false, code: 'bad_name' };
      if (!passwordOk(password)) return { ok: false, code: 'weak_password' };
      if (await byEmail(address)) return { ok: false, code: 'email_taken' };
      const hash = await ctx.password.hash(password);
      const user = (await internal.createUser(
        {
          email: address,
          name: display,
          emailVerified: true,
          role,
          disabled: false,
        },
        ADMIN_MADE,
      )) as unknown as AuthUserRow;
      await internal.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
      return { ok: true, value: toUser(user) };
    },
    async listUsers() {
      const rows = (await internal.listUsers(1000, 0, {
        field: 'createdAt',
        direction: 'asc',
      })) as unknown as AuthUserRow[];
      return rows.map(toUser);
    },
    async findUser(email) {
      const row = await byEmail(email);
      return row ? toUser(row) : null;
    },
    setRole: (email, role: Role) =>
      withUser(email, async (row) => ({ ok: true, value: await update(row.id, { role }) })),
    setDisabled: (email, disabled) =>
      withUser(email, async (row) => {
        const user = await update(row.id, { disabled });
        if (disabled) await internal.deleteUserSessions(row.id);
        return { ok: true, value: user };
      }),
    setPassword: (email, password) =>
      withUser(email, async (row) => {
        if (!passwordOk(password)) return { ok: false, code: 'weak_password' };
        await internal.updatePassword(row.id, await ctx.password.hash(password));
        await internal.deleteUserSessions(row.id);
        return { ok: true, value: toUser(row) };
      }),
    async hasAdmin() {
      const admins = (await adapter.findMany({
        model: 'user',
        where: [
          { field: 'role', value: 'admin' },
          { field: 'disabled', value: false },
        ],
      })) as AuthUserRow[];
      return admins.some((u) => u.email !== LOCAL_EMAIL);
    },
    async localUser() {
      const existing = await byEmail(LOCAL_EMAIL);
      if (existing) return toUser(existing);
      try {
        const created = await internal.createUser(
          { email: LOCAL_EMAIL, name: '', emailVerified: true, role: 'admin', disabled: false },
          ADMIN_MADE,
        );
        return toUser(created as unknown as AuthUserRow);
      } catch (error) {
        // Another process made it first (the unique email): take theirs.
        const raced = await byEmail(LOCAL_EMAIL);
        if (raced) return toUser(raced);
        throw error;
      }
    },
    async setName(userId, name) {
      const display = plainName(name);
      if (display === null) return { ok: false, code: 'bad_name' };
      if (!(await internal.findUserById(userId))) return { ok: false, code: 'no_such_user' };
      return { ok: true, value: await update(userId, { name: display }) };
    },
    async signIn(email, password, client: ClientInfo): Promise<SignInResult> {
      const headers = new Headers();
      if (client.userAgent) headers.set('user-agent', client.userAgent.slice(0, 300));
      try {
        const result = await auth.api.signInEmail({
          body: { email: email.slice(0, 254), password: password.slice(0, MAX_PASSWORD + 1), rememberMe: true },
          headers,
          returnHeaders: true,
        });
        const user = toUser(result.response.user as unknown as AuthUserRow);
        if (user.disabled || user.local) {
          // A disabled account with the right password learns nothing more than a wrong password would tell it.
          await internal.deleteUserSessions(user.id);
          return { ok: false, code: 'invalid' };
        }
        return { ok: true, user, setCookie: result.headers.getSetCookie() };
      } catch {
        return { ok: false, code: 'invalid' };
      }
    },
    async signOut(headers) {
      try {
        const result = await auth.api.signOut({ headers, returnHeaders: true });
        return result.headers.getSetCookie();
      } catch {
        return [];
      }
    },
    async sessionUser(headers) {
      const session = await auth.api.getSession({ headers, query: { disableCookieCache: true } }).catch(() => null);
      if (!session) return null;
      return toUser(session.user as unknown as AuthUserRow);
    },
    async createToken(email, name) {
      const row = await byEmail(email);
      if (!row) return { ok: false, code: 'no_such_user' };
      const label = plainName(name)?.slice(0, 32) || 'cli';
      const created = (await auth.api.createApiKey({
        body: { userId: row.id, name: label },
      })) as unknown as ApiKeyRow & {
        key: string;
      };
      return { ok: true, value: { token: created.key, record: await tokenRecord(created) } };
    },
    async listTokens(email) {
      const owner = email === undefined ? null : await byEmail(email);
      if (email !== undefined && !owner) return [];
      const rows = (await adapter.findMany({
        model: 'apikey',
        where: owner ? [{ field: 'referenceId', value: owner.id }] : [],
        sortBy: { field: 'createdAt', direction: 'asc' },
      })) as ApiKeyRow[];
      return Promise.all(rows.map(tokenRecord));
    },
    async revokeToken(id) {
      const row = (await adapter.findOne({ model: 'apikey', where: [{ field: 'id', value: id }] })) as ApiKeyRow | null;
      if (!row) return { ok: false, code: 'no_such_token' };
      await adapter.delete({ model: 'apikey', where: [{ field: 'id', value: id }] });
      return { ok: true, value: await tokenRecord(row) };
    },
    async tokenUser(token) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
      const result = await auth.api.verifyApiKey({ body: { key: token } }).catch(() => null);
      if (!result?.valid || !result.key) return null;
      const owner = await internal.findUserById(result.key.referenceId);
      return owner ? toUser(owner as unknown as AuthUserRow) : null;
    },
    async close() {
      await close();
    },
  };
  return directory;
}
