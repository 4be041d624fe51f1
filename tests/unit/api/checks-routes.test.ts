import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from './fuzz-routes';
import { call, type RouteHandler } from './requests';

// The handlers read their configuration from the environment once, on first use: the workspace comes first.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-checks-'));
makeWorkspace(work);
let checks: RouteHandler;
let ignores: RouteHandler;
let ignore: RouteHandler;
let save: RouteHandler;

interface Finding {
  check: string;
  severity: string;
  message: string;
  paragraph: number;
  source: { start: number; end: number }[];
  target: { start: number; end: number }[];
  key: string;
  ignored: boolean;
}
interface Report {
  findings: Finding[];
  counts: Record<string, { errors: number; warnings: number; ignored: number }>;
  unignoredErrors: number;
  paragraphsChecked: number;
  checkMs: number;
  cache: string;
}

beforeAll(async () => {
  const route = await import('../../../app/api/documents/[slug]/checks/route');
  const ignoreRoute = await import('../../../app/api/documents/[slug]/checks/ignores/route');
  const paragraph = await import('../../../app/api/documents/[slug]/paragraphs/[index]/route');
  checks = route.GET as RouteHandler;
  ignores = ignoreRoute.GET as RouteHandler;
  ignore = ignoreRoute.POST as RouteHandler;
  save = paragraph.PUT as RouteHandler;
  // "Hoy es un museo con 40 mapas." with a number changed.
  const saved = await saveThird('"0"', 'Today it is a museum with 41 maps.', 'c1');
  expect(saved.status).toBe(201);
});
/** Saves the English of "Hoy es un museo con 40 mapas." (paragraph 2) from the version `ifMatch`. */
function saveThird(ifMatch: string, text: string, clientSaveId: string) {
  return call(
    save,
    {
      method: 'PUT',
      path: '/api/documents/faro/paragraphs/2',
      headers: { 'content-type': 'application/json', 'if-match': ifMatch },
      body: JSON.stringify({ text, status: 'edited', clientSaveId }),
    },
    { slug: 'faro', index: '2' },
  );
}
afterAll(async () => {
  const { closeHeavyPool } = await import('../../../lib/heavy/pool');
  await closeHeavyPool();
  fs.rmSync(work, { recursive: true, force: true });
});

const report = async (slug = 'faro') => {
  const res = await call(checks, { path: `/api/documents/${slug}/checks` }, { slug });
  return { status: res.status, body: (await res.json()) as Report & { error?: { code: string } } };
};
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call(
    ignore,
    {
      method: 'POST',
      path: '/api/documents/faro/checks/ignores',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    { slug: 'faro' },
  );

describe('GET /api/documents/:slug/checks', () => {
  it('reports the wrong number of a saved paragraph with its spans in both languages, counted per check', async () => {
    const { status, body } = await report();
    expect(status).toBe(200);
    const missing = body.findings.find((f) => f.message === 'numbers.missing');
    expect(missing).toMatchObject({ check: 'numbers', severity: 'error', paragraph: 2, ignored: false });
    expect(missing!.source).toEqual([{ start: 20, end: 22 }]); // "40" of "Hoy es un museo con 40 mapas."
    const added = body.findings.find((f) => f.message === 'numbers.added');
    expect(added!.target).toEqual([{ start: 26, end: 28 }]); // "41" of "Today it is a museum with 41 maps."
    expect(body.counts.numbers).toEqual({ errors: 1, warnings: 1, ignored: 0 });
    expect(body.unignoredErrors).toBeGreaterThanOrEqual(1);
    expect(typeof body.checkMs).toBe('number');
  });

  it('answers again from the findings cache, and runs the checks again once the English changed', async () => {
    await report();
    const again = (await report()).body;
    expect(again.cache).toBe('hit');
    const saved = await saveThird('"1"', 'Today it is a museum with 40 maps.', 'c2');
    expect(saved.status).toBe(201);
    const fresh = (await report()).body;
    expect(fresh.cache).toBe('miss');
    expect(fresh.counts.numbers).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    // Put back as it was for the tests below: a new revision, so a new version, run again.
    const back = await saveThird(saved.headers.get('etag')!, 'Today it is a museum with 41 maps.', 'c3');
    expect(back.status).toBe(201);
    const restored = (await report()).body;
    expect(restored.cache).toBe('miss');
    expect(restored.counts.numbers).toEqual({ errors: 1, warnings: 1, ignored: 0 });
  });

  it('answers 404 for a document that is not there and for a slug the product could not have made', async () => {
    expect((await report('nada')).status).toBe(404);
    expect((await report('..%2Fetc')).status).toBe(404);
  });
});

describe('POST /api/documents/:slug/checks/ignores', () => {
  it('ignores one occurrence as an event, is idempotent, and takes the ignore back', async () => {
    const missing = (await report()).body.findings.find((f) => f.message === 'numbers.missing')!;
    const first = await post({ paragraph: 2, key: missing.key, ignored: true });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ changed: true, event: { paragraphIndex: 2, findingKey: missing.key } });
    const again = await post({ paragraph: 2, key: missing.key, ignored: true });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ changed: false });

    const after = (await report()).body;
    expect(after.cache).toBe('hit'); // an ignore does not run the checks again: it is applied to the kept report
    expect(after.findings.find((f) => f.key === missing.key && f.paragraph === 2)).toMatchObject({ ignored: true });
    expect(after.counts.numbers).toEqual({ errors: 0, warnings: 1, ignored: 1 });

    expect((await post({ paragraph: 2, key: missing.key, ignored: false })).status).toBe(201);
    expect((await report()).body.counts.numbers).toEqual({ errors: 1, warnings: 1, ignored: 0 });
    const listed = await call(ignores, { path: '/api/documents/faro/checks/ignores?paragraph=2' }, { slug: 'faro' });
    const { events } = (await listed.json()) as { events: { ignored: boolean; findingKey: string }[] };
    expect(events.map((e) => e.ignored)).toEqual([true, false]);
  });

  it('refuses what is not a finding, a paragraph the document lacks, a malformed body and a foreign origin', async () => {
    expect((await post({ paragraph: 2, key: 'rm -rf /', ignored: true })).status).toBe(422);
    expect((await post({ paragraph: 2, key: 'x'.repeat(700), ignored: true })).status).toBe(400);
    expect((await post({ paragraph: 99, key: 'numbers.missing?number=40', ignored: true })).status).toBe(404);
    expect((await post({ paragraph: -1, key: 'numbers.missing?number=40', ignored: true })).status).toBe(400);
    expect((await post({ paragraph: 2, key: 'numbers.missing?number=40', ignored: 'yes' })).status).toBe(400);
    expect((await post('{not json')).status).toBe(400);
    const foreign = await post(
      { paragraph: 2, key: 'numbers.missing?number=40', ignored: true },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const bad = await call(ignores, { path: '/api/documents/faro/checks/ignores?paragraph=x' }, { slug: 'faro' });
    expect(bad.status).toBe(400);
    const events = (await (
      await call(ignores, { path: '/api/documents/faro/checks/ignores' }, { slug: 'faro' })
    ).json()) as { events: unknown[] };
    expect(events.events).toHaveLength(2); // only the test above wrote
  });
});
