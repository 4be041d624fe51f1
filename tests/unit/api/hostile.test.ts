import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  htmlWithEntities,
  noPunctuation,
  poFile,
  shortSentences,
  tmxWithEntities,
  xliffWithEntities,
} from '../../helpers/hostile-inputs';
import { FUZZ_ROUTES, makeWorkspace } from './fuzz-routes';
import { call, type RouteHandler } from './requests';

// The handlers read their configuration from the environment once, on first use: the workspace comes first.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-hostile-'));
makeWorkspace(work);
const content = path.join(work, 'content');
const handlers = new Map<string, RouteHandler>();
const route = (name: string) => handlers.get(name)!;

beforeAll(async () => {
  for (const r of FUZZ_ROUTES) handlers.set(r.name, await r.load());
});
afterAll(async () => {
  const { closeHeavyPool } = await import('../../../lib/heavy/pool');
  await closeHeavyPool();
  fs.rmSync(work, { recursive: true, force: true });
});

const upload = (name: string, file: string, bytes: Uint8Array, fields: Record<string, string> = {}) => {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], file));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const paths: Record<string, string> = {
    'POST /api/documents': '/api/documents',
    'POST /api/memory/import': '/api/memory/import',
    'POST /api/documents/:slug/translation-import': '/api/documents/faro/translation-import',
  };
  return call(route(name), { method: 'POST', path: paths[name]!, body: form }, { slug: 'faro' });
};
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe('hostile files through their doors', () => {
  it('expands no entity and reads no file in TMX and XLIFF (XXE, billion laughs)', async () => {
    for (const [file, bytes] of [
      ['laughs.tmx', tmxWithEntities()],
      ['laughs.xlf', xliffWithEntities()],
    ] as const) {
      const { status, body } = await json(await upload('POST /api/memory/import', file, bytes));
      expect(status, file).toBe(422);
      expect(JSON.stringify(body)).not.toMatch(/lollol|root:/);
    }
  });

  it('imports HTML with entity declarations as text, never expanding them or reading a file', async () => {
    const { status, body } = await json(await upload('POST /api/documents', 'laughs.html', htmlWithEntities()));
    expect(status).toBeLessThan(500);
    if (status === 201) {
      const stored = fs.readFileSync(path.join(content, `${String(body.slug)}.md`), 'utf8');
      expect(stored).not.toMatch(/lollol|root:/);
      fs.rmSync(path.join(content, `${String(body.slug)}.md`));
    }
  });

  it('refuses a PO file of 1,000,000 entries by its size (413), before reading it', async () => {
    const { status, body } = await json(await upload('POST /api/memory/import', 'million.po', poFile(1_000_000)));
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('imports a 5 MB paragraph without punctuation, and a 5 MB line of "a. a. a.", as documents', async () => {
    for (const [file, bytes] of [
      ['nopunct.txt', noPunctuation()],
      ['dots.txt', shortSentences()],
    ] as const) {
      const { status, body } = await json(await upload('POST /api/documents', file, bytes));
      expect(status, file).toBe(201);
      fs.rmSync(path.join(content, `${String(body.slug)}.md`));
    }
  });
});

const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
const HOSTILE = 'Nombre\u0000 con \ud800 y \u202eatrás\u2066';

describe('lone surrogates, NUL and bidi overrides in every text field', () => {
  it('are stripped from titles and file names; NUL and lone surrogates never reach a stored document', async () => {
    const res = await call(route('POST /api/documents'), {
      method: 'POST',
      path: '/api/documents',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: `Hola ${HOSTILE}.`, title: HOSTILE }),
    });
    const { status, body } = await json(res);
    expect(status).toBe(201);
    expect(UNSAFE.test(String(body.title))).toBe(false);
    const stored = fs.readFileSync(path.join(content, `${String(body.slug)}.md`), 'utf8');
    // The front matter (title) has none of them; the paragraph keeps bidi marks as typed, never NUL or a lone surrogate.
    expect(UNSAFE.test(stored.split('\n---\n')[0]!)).toBe(false);
    // eslint-disable-next-line no-control-regex -- NUL is what must not be there
    expect(/\u0000|[\ud800-\udfff]/u.test(stored)).toBe(false);
    const list = await json(await call(route('GET /api/documents'), { path: '/api/documents' }));
    const titles = (list.body.documents as { title?: string }[]).map((d) => d.title ?? '');
    expect(titles.some((t) => UNSAFE.test(t))).toBe(false);
    fs.rmSync(path.join(content, `${String(body.slug)}.md`));
    const named = await json(
      await upload('POST /api/documents', 'carta\u202etxt.md', new TextEncoder().encode('Hola.')),
    );
    expect(named.status).toBe(201);
    expect(UNSAFE.test(String(named.body.title))).toBe(false);
    fs.rmSync(path.join(content, `${String(named.body.slug)}.md`));
  });

  it('are refused in paragraph text (400), refused in the display name that signs a save, and nothing saved is lost', async () => {
    const profile = (await import('../../../app/api/profile/route')).PUT as RouteHandler;
    const rename = async (displayName: string) =>
      json(
        await call(profile, {
          method: 'PUT',
          path: '/api/profile',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ displayName }),
        }),
      );
    // A name shown beside other people's text takes no bidi override, control or lone surrogate: refused, not kept.
    for (const bad of ['Ana\u202e', 'Ana\u0000', 'Ana\ud800']) expect((await rename(bad)).status, bad).toBe(400);
    const named = await rename('Ana');
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ user: { name: 'Ana' } });
    const put = (text: string, clientSaveId: string, ifMatch = '"0"') =>
      call(
        route('PUT /api/documents/:slug/paragraphs/:index'),
        {
          method: 'PUT',
          path: '/api/documents/faro/paragraphs/2',
          headers: { 'content-type': 'application/json', 'if-match': ifMatch },
          // The author a client names is ignored: the server signs the save with the caller's display name.
          body: JSON.stringify({ text, status: 'edited', author: 'Mallory\u202e', clientSaveId }),
        },
        { slug: 'faro', index: '2' },
      );
    const saved = await json(await put('Today it is a museum.', 'h1'));
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ revision: { author: 'Ana', text: 'Today it is a museum.' } });
    const version = `"${String((saved.body.revision as { id: number }).id)}"`;
    for (const bad of ['Lone \ud800 surrogate.', 'NUL \u0000 byte.']) {
      expect((await put(bad, `h-${bad.length}`, version)).status, bad).toBe(400);
    }
    const { body } = await json(
      await call(
        route('GET /api/documents/:slug/paragraphs/:index'),
        { path: '/api/documents/faro/paragraphs/2' },
        { slug: 'faro', index: '2' },
      ),
    );
    expect(body).toMatchObject({ target: { text: 'Today it is a museum.' } });
  });

  it('never reach a revision through a translation import author', async () => {
    const res = await call(
      route('POST /api/documents/:slug/translation-import'),
      {
        method: 'POST',
        path: '/api/documents/faro/translation-import',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'The lighthouse.', author: 'Luis\u202e', dryRun: true }),
      },
      { slug: 'faro' },
    );
    expect(res.status).toBe(200);
    const lone = await call(
      route('POST /api/documents/:slug/translation-import'),
      {
        method: 'POST',
        path: '/api/documents/faro/translation-import',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'The lighthouse.', author: '\ud800' }),
      },
      { slug: 'faro' },
    );
    // The body's author is not read at all now (the server signs the import), so it cannot reach a stored revision.
    expect(lone.status).toBe(200);
    const revisions = await json(
      await call(
        route('GET /api/documents/:slug/paragraphs/:index/revisions'),
        { path: '/api/documents/faro/paragraphs/0/revisions' },
        { slug: 'faro', index: '0' },
      ),
    );
    expect(JSON.stringify(revisions.body)).not.toMatch(/Luis|\\ud800/);
  });
});
