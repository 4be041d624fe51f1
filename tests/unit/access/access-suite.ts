/**
 * The contract every Access adapter passes (local and accounts), over a fresh accounts database each (a SQLite file
 * or a PostgreSQL schema): tokens name their owner with the owner's role, a revoked token or a disabled account's
 * token is nobody, garbage is nobody, and what is stored holds no token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../../lib/access/types';

/** A fresh accounts database with an adapter over it; `stored` gives everything the database holds, as text. */
export interface OpenedAccess {
  access: Access;
  stored(): Promise<string>;
  dispose(): Promise<void>;
}

export function accessContract(name: string, open: () => Promise<OpenedAccess>) {
  describe(`Access contract: ${name}`, () => {
    let opened: OpenedAccess;
    let access: Access;
    beforeAll(async () => {
      opened = await open();
      access = opened.access;
      const added = await access.directory.addUser({
        email: 'Tere@Example.com',
        name: 'Tere',
        role: 'translator',
        password: 'a long password',
      });
      expect(added.ok).toBe(true);
    });
    afterAll(async () => {
      await access.directory.close();
      await opened.dispose();
    });

    const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

    it('a token acts as its owner, with the owner’s role and display name', async () => {
      const created = await access.directory.createToken('tere@example.com', 'ci');
      if (!created.ok) throw new Error(created.code);
      expect(created.value.token).toMatch(/^plo_/);
      expect(await access.identify(bearer(created.value.token))).toMatchObject({
        email: 'tere@example.com',
        displayName: 'Tere',
        role: 'translator',
        via: 'token',
      });
      await access.directory.setRole('tere@example.com', 'reviewer');
      expect((await access.identify(bearer(created.value.token)))?.role).toBe('reviewer');
    });

    it('a revoked token, a disabled account’s token and made-up tokens are nobody', async () => {
      const a = await access.directory.createToken('tere@example.com', 'a');
      const b = await access.directory.createToken('tere@example.com', 'b');
      if (!a.ok || !b.ok) throw new Error('token');
      expect((await access.directory.revokeToken(a.value.record.id)).ok).toBe(true);
      expect(await access.identify(bearer(a.value.token))).toBeNull();
      for (const fake of ['plo_' + 'x'.repeat(64), 'x', b.value.token.slice(0, -1)])
        expect(await access.identify(bearer(fake))).toBeNull();
      await access.directory.setDisabled('tere@example.com', true);
      expect(await access.identify(bearer(b.value.token))).toBeNull();
      await access.directory.setDisabled('tere@example.com', false);
      expect((await access.identify(bearer(b.value.token)))?.email).toBe('tere@example.com');
    });

    it('stores tokens hashed: the secret is nowhere in the database', async () => {
      const c = await access.directory.createToken('tere@example.com', 'c');
      if (!c.ok) throw new Error('token');
      const stored = await opened.stored();
      expect(stored).toContain('tere@example.com'); // it does read what the database holds
      expect(stored).not.toContain(c.value.token.slice(4));
    });
  });
}
