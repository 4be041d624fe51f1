import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The route handlers read their configuration from the environment once, on first use.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-align-api-'));
fs.mkdirSync(path.join(work, 'content'));
fs.writeFileSync(
  path.join(work, 'content', 'faro.md'),
  '---\ntitle: Faro\n---\n\nEl faro se encendió en 1912. Su luz se veía desde las islas.\n\nHoy es un museo con 40 mapas.\n',
);
process.env.PARALELO_CONTENT_DIR = path.join(work, 'content');
process.env.PARALELO_DB = path.join(work, 'paralelo.db');

type Route = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let importRoute: Route;
let realignRoute: Route;
let documentRoute: Route;

// What a browser adds to a request from the app's own page (the route guard refuses writes without it).
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const post = (slug: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  importRoute(
    new Request(`http://x/api/documents/${slug}/translation-import`, {
      method: 'POST',
      body,
      headers: { ...SAME_ORIGIN, ...headers },
    }),
    { params: Promise.resolve({ slug }) },
  );

beforeAll(async () => {
  importRoute = (await import('../../../app/api/documents/[slug]/translation-import/route')).POST as Route;
  realignRoute = (await import('../../../app/api/documents/[slug]/paragraphs/[index]/realign/route')).POST as Route;
  documentRoute = (await import('../../../app/api/documents/[slug]/route')).GET as Route;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('POST /api/documents/:slug/translation-import', () => {
  it('imports pasted JSON text and GET reports paragraph-level alignment', async () => {
    const res = await post(
      'faro',
      JSON.stringify({
        text: 'The lighthouse was lit in 1912. Its light was seen from the islands.\n\nToday it is a museum with 40 maps.',
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, imported: 2, conflicts: [] });
    const doc = await documentRoute(new Request('http://x/api/documents/faro'), {
      params: Promise.resolve({ slug: 'faro' }),
    });
    const body = (await doc.json()) as {
      paragraphs: { alignment: unknown; target: { origin: string; alignment: unknown } }[];
    };
    expect(body.paragraphs[0]!.target.origin).toBe('imported');
    expect(body.paragraphs[0]!.alignment).toEqual([
      { source: [0], target: [0], confidence: expect.any(Number) },
      { source: [1], target: [1], confidence: expect.any(Number) },
    ]);
  });

  it('accepts a multipart .md file', async () => {
    const form = new FormData();
    form.set('file', new File(['# x\n\nToday it is a museum.'], 'faro.en.md', { type: 'text/markdown' }));
    const res = await post('faro', form, {});
    expect(res.status).toBe(200);
  });

  it('answers 400 for a malformed body, 404 for an unknown document, 413 over 10 MB, 415 for other files', async () => {
    expect((await post('faro', '{"text": 3}')).status).toBe(400);
    expect((await post('faro', '{}')).status).toBe(400);
    expect((await post('faro', 'not json')).status).toBe(400);
    expect((await post('faro', JSON.stringify({ text: 'x', versions: [1] }))).status).toBe(400);
    expect((await post('no-such-doc', JSON.stringify({ text: 'x' }))).status).toBe(404);
    expect((await post('..%2Fetc', JSON.stringify({ text: 'x' }))).status).toBe(404);
    const huge = JSON.stringify({ text: 'a'.repeat(11 * 1024 * 1024) });
    expect((await post('faro', huge)).status).toBe(413);
    const form = new FormData();
    form.set('file', new File(['%PDF'], 'book.pdf'));
    expect((await post('faro', form, {})).status).toBe(415);
  });
});

describe('POST /api/documents/:slug/paragraphs/:index/realign', () => {
  const realign = (index: string, body: unknown, ifMatch?: string) =>
    realignRoute(
      new Request(`http://x/api/documents/faro/paragraphs/${index}/realign`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { ...SAME_ORIGIN, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      }),
      { params: Promise.resolve({ slug: 'faro', index }) },
    );

  it('moves a sentence with both versions, 409 when one is stale, 428 without If-Match, 400 for a bad action', async () => {
    const text =
      'The lighthouse was lit in 1912. Its light was seen from the islands.\n\nToday it is a museum with 40 maps.';
    expect((await post('faro', JSON.stringify({ text }))).status).toBe(200);
    const doc = await documentRoute(new Request('http://x/api/documents/faro'), {
      params: Promise.resolve({ slug: 'faro' }),
    });
    const [a, b] = ((await doc.json()) as { paragraphs: { version: string }[] }).paragraphs;
    const body = { action: 'pushLast', nextVersion: b!.version, author: null, clientSaveId: 'c1' };
    expect((await realign('0', body)).status).toBe(428);
    expect((await realign('0', { ...body, action: 'shuffle' }, `"${a!.version}"`)).status).toBe(400);
    expect((await realign('0', { ...body, nextVersion: '999' }, `"${a!.version}"`)).status).toBe(409);
    const ok = await realign('0', body, `"${a!.version}"`);
    expect(ok.status).toBe(201);
    const saved = (await ok.json()) as { revisions: { kind: string }[] };
    expect(saved.revisions.map((r) => r.kind)).toEqual(['align', 'align']);
    expect((await realign('1', body, '"0"')).status).toBe(404);
  });
});
