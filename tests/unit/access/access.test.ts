import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountsAccess } from '../../../lib/access/accounts';
import { openBetterAuthDirectory } from '../../../lib/access/better-auth';
import { createLocalAccess } from '../../../lib/access/local';
import { createLoginLimiter } from '../../../lib/access/login';
import type { Access, Directory } from '../../../lib/access/types';
import { accessContract, type OpenedAccess } from './access-suite';

const directory = (file: string) =>
  openBetterAuthDirectory({ database: { kind: 'sqlite', file }, baseURL: 'http://localhost:3000' });

/** A fresh SQLite file; what it stores is the file and its write-ahead log, read as bytes. */
async function onSqlite(adapter: (d: Directory) => Access): Promise<OpenedAccess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-access-'));
  const file = path.join(dir, 'paralelo.db');
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f).toString('latin1') : '');
  return {
    access: adapter(await directory(file)),
    stored: async () => read(file) + read(`${file}-wal`),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

accessContract('local', () => onSqlite(createLocalAccess));
accessContract('accounts', () => onSqlite(createAccountsAccess));

describe('a fresh checkout', () => {
  it('opens the accounts in a database whose folder does not exist yet (data/ is not in the repository)', async () => {
    // `paralelo serve` opens the accounts before the store: on a fresh clone `npm start` stopped here with
    // "Cannot open database because the directory does not exist".
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-access-fresh-'));
    const file = path.join(dir, 'data', 'paralelo.db');
    try {
      const opened = await directory(file);
      expect(await opened.listUsers()).toEqual([]);
      expect(fs.existsSync(file)).toBe(true);
      await opened.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the two modes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-modes-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cookieOf = (setCookie: string[]) => setCookie.map((c) => c.split(';')[0]).join('; ');

  it('local: a request without credentials is the local admin, named as its profile says', async () => {
    const access = createLocalAccess(await directory(path.join(dir, 'local.db')));
    expect(await access.identify(new Headers())).toMatchObject({ role: 'admin', via: 'local', displayName: '' });
    const local = await access.directory.localUser();
    expect((await access.directory.setName(local.id, 'Lucía')).ok).toBe(true);
    expect((await access.identify(new Headers()))?.displayName).toBe('Lucía');
    expect((await access.directory.setName(local.id, 'a\u202Eb')).ok).toBe(false);
    await access.directory.close();
  });

  it('accounts: anonymous is nobody; a session is its account until it signs out or is disabled', async () => {
    const access = createAccountsAccess(await directory(path.join(dir, 'accounts.db')));
    expect(await access.identify(new Headers())).toBeNull();
    await access.directory.addUser({
      email: 'rev@example.com',
      name: 'Rev',
      role: 'reviewer',
      password: 'pass word 1',
    });
    const signed = await access.directory.signIn('rev@example.com', 'pass word 1', { ip: null, userAgent: null });
    if (!signed.ok) throw new Error('sign-in');
    expect(signed.setCookie.join()).toMatch(/HttpOnly/);
    expect(signed.setCookie.join()).toMatch(/SameSite=Lax/);
    const headers = new Headers({ cookie: cookieOf(signed.setCookie) });
    expect(await access.identify(headers)).toMatchObject({
      email: 'rev@example.com',
      role: 'reviewer',
      via: 'session',
    });
    await access.directory.signOut(headers);
    expect(await access.identify(headers)).toBeNull();
    const again = await access.directory.signIn('rev@example.com', 'pass word 1', { ip: null, userAgent: null });
    if (!again.ok) throw new Error('sign-in');
    await access.directory.setDisabled('rev@example.com', true);
    expect(await access.identify(new Headers({ cookie: cookieOf(again.setCookie) }))).toBeNull();
    expect((await access.directory.signIn('rev@example.com', 'pass word 1', { ip: null, userAgent: null })).ok).toBe(
      false,
    );
    // The local user of a machine without accounts is nobody on a shared server, even with its token.
    const local = await access.directory.localUser();
    const token = await access.directory.createToken(local.email, 'old');
    if (!token.ok) throw new Error('token');
    expect(await access.identify(new Headers({ authorization: `Bearer ${token.value.token}` }))).toBeNull();
    await access.directory.close();
  });

  it('limits failed sign-ins per account and per address, without saying whether the account exists', async () => {
    const dirx = await directory(path.join(dir, 'limit.db'));
    await dirx.addUser({ email: 'ana@example.com', name: 'Ana', role: 'admin', password: 'right password' });
    const limiter = createLoginLimiter({ perAccount: 3, perAddress: 5 });
    const client = (ip: string) => ({ ip, userAgent: null });
    for (let i = 0; i < 3; i++)
      expect((await limiter.signIn(dirx, 'ana@example.com', 'wrong', client(`10.0.0.${i}`))).ok).toBe(false);
    // Per account: the right password no longer gets in, from anywhere, until the window passes.
    expect(await limiter.signIn(dirx, 'ana@example.com', 'right password', client('10.0.1.1'))).toMatchObject({
      code: 'rate_limited',
    });
    // An unknown address gets the same answers as a real one.
    for (let i = 0; i < 3; i++)
      expect(await limiter.signIn(dirx, 'nobody@example.com', 'x', client('10.0.2.1'))).toMatchObject({
        code: 'invalid',
      });
    expect(await limiter.signIn(dirx, 'nobody@example.com', 'x', client('10.0.2.1'))).toMatchObject({
      code: 'rate_limited',
    });
    // Per address: five failures on five accounts from one address block the sixth account too.
    for (let i = 0; i < 2; i++) await limiter.signIn(dirx, `u${i}@example.com`, 'x', client('10.0.2.1'));
    expect(await limiter.signIn(dirx, 'other@example.com', 'x', client('10.0.2.1'))).toMatchObject({
      code: 'rate_limited',
    });
    // Parallel attempts cannot all pass before the first failure is counted.
    const burst = createLoginLimiter({ perAccount: 2, perAddress: 100 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => burst.signIn(dirx, 'ana@example.com', 'wrong', client('10.9.9.9'))),
    );
    expect(answers.filter((a) => !a.ok && a.code === 'invalid')).toHaveLength(2);
    await dirx.close();
  });
});
