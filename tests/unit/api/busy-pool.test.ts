import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHeavyPool, runHeavy } from '../../../lib/heavy/pool';
import { poFile } from '../../helpers/hostile-inputs';
import { FUZZ_ROUTES, makeWorkspace } from './fuzz-routes';
import { call, type RouteHandler } from './requests';

// The handlers read their configuration from the environment once, on first use: the workspace comes first.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-busy-'));
makeWorkspace(work);
const handlers = new Map<string, RouteHandler>();
const enc = (s: string) => new TextEncoder().encode(s);
// Nested lists on 6,000 lines: remark takes tens of seconds, so one holds the pool's thread until its time limit.
const SLOW_MARKDOWN = Array.from({ length: 6_000 }, () => '- '.repeat(8) + 'x').join('\n');

beforeAll(async () => {
  for (const r of FUZZ_ROUTES) handlers.set(r.name, await r.load());
});
afterAll(async () => {
  await closeHeavyPool();
  fs.rmSync(work, { recursive: true, force: true });
});

const upload = (name: string, url: string, file: string, bytes: Uint8Array) => {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], file));
  return call(handlers.get(name)!, { method: 'POST', path: url, body: form }, { slug: 'faro' });
};

describe('a full parse pool', () => {
  it('answers 503 with Retry-After at every upload door, writing nothing, and reads them once it has room', async () => {
    // The document the translation import goes to is read before the pool fills up.
    const faro = await call(
      handlers.get('GET /api/documents/:slug')!,
      { path: '/api/documents/faro' },
      { slug: 'faro' },
    );
    expect(faro.status).toBe(200);
    // One task running and the queue (64) full behind it.
    const filling = Array.from({ length: 70 }, () =>
      runHeavy('convertImport', { bytes: enc(SLOW_MARKDOWN), fileName: 'lento.md' }, { timeoutMs: 4_000 }),
    );
    const doors = [
      ['POST /api/documents', '/api/documents', 'nuevo.txt', enc('Un texto nuevo.')],
      ['POST /api/memory/import', '/api/memory/import', 'm.po', poFile(10)],
      ['POST /api/documents/:slug/translation-import', '/api/documents/faro/translation-import', 'en.txt', enc('Hi.')],
    ] as const;
    for (const [name, url, file, bytes] of doors) {
      const res = await upload(name, url, file, bytes);
      expect(res.status, name).toBe(503);
      expect(res.headers.get('retry-after'), name).toMatch(/^\d+$/);
      expect(await res.json(), name).toMatchObject({
        error: { code: 'busy', message: expect.stringMatching(/try again/) },
      });
    }
    expect(fs.existsSync(path.join(work, 'content', 'nuevo.md'))).toBe(false);
    const ran = await Promise.all(filling);
    expect(ran.filter((r) => !r.ok && r.code === 'busy').length).toBeGreaterThan(0);
    // Room again: the same upload is read.
    const again = await upload('POST /api/documents', '/api/documents', 'nuevo.txt', enc('Un texto nuevo.'));
    expect(again.status).toBe(201);
  });
});
