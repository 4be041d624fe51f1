import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, inUse, postgresBin } from '../../../deploy/pg-cluster';

describe('deploy/pg-cluster.ts', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-pg-bin-'));
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('finds the newest installed PostgreSQL with an initdb, or says there is none', () => {
    expect(postgresBin(path.join(base, 'missing'))).toBeNull();
    for (const [version, hasInitdb] of [
      ['9', true],
      ['15', true],
      ['16', false],
    ] as const) {
      fs.mkdirSync(path.join(base, version, 'bin'), { recursive: true });
      if (hasInitdb) fs.writeFileSync(path.join(base, version, 'bin', 'initdb'), '');
    }
    // 15 over 9 (numbers, not text), and 16 is left out: only its client tools are there.
    expect(postgresBin(base)).toBe(path.join(base, '15', 'bin'));
  });

  it('skips a port something listens on', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const taken = (server.address() as net.AddressInfo).port;
    try {
      expect(await inUse(taken)).toBe(true);
      expect(await freePort(taken, taken + 1)).toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await inUse(taken)).toBe(false);
  });
});
