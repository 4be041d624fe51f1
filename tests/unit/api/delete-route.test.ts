import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from './fuzz-routes';
import { call, type RouteHandler } from './requests';

// The handlers read their configuration from the environment once, on first use: the workspace comes first.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-delete-'));
makeWorkspace(work);
const content = path.join(work, 'content');
let remove: RouteHandler;
let open: RouteHandler;
let list: RouteHandler;
let importDoc: RouteHandler;

beforeAll(async () => {
  const doc = await import('../../../app/api/documents/[slug]/route');
  const docs = await import('../../../app/api/documents/route');
  remove = doc.DELETE as RouteHandler;
  open = doc.GET as RouteHandler;
  list = docs.GET as RouteHandler;
  importDoc = docs.POST as RouteHandler;
});
afterAll(async () => {
  const { closeHeavyPool } = await import('../../../lib/heavy/pool');
  await closeHeavyPool();
  fs.rmSync(work, { recursive: true, force: true });
});

const del = (slug: string, headers: Record<string, string> = {}) =>
  call(remove, { method: 'DELETE', path: `/api/documents/${slug}`, headers }, { slug });

describe('DELETE /api/documents/:slug', () => {
  it('takes the document out of the library and keeps its file in content/.deleted/; the slug stays taken', async () => {
    const res = await del('faro');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: { slug: 'faro', fileName: 'faro.md' } });
    expect(fs.existsSync(path.join(content, 'faro.md'))).toBe(false);
    expect(fs.readFileSync(path.join(content, '.deleted', 'faro.md'), 'utf8')).toContain('El faro se encendió');
    expect((await call(open, { path: '/api/documents/faro' }, { slug: 'faro' })).status).toBe(404);
    const listed = (await (await call(list, { path: '/api/documents' })).json()) as { documents: { slug: string }[] };
    expect(listed.documents.map((d) => d.slug)).not.toContain('faro');
    // A new document of the same name gets another address: it cannot inherit the removed one's revisions.
    const form = new FormData();
    form.set('file', new File([new TextEncoder().encode('Otro faro.')], 'faro.md'));
    const again = await call(importDoc, { method: 'POST', path: '/api/documents', body: form });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ slug: 'faro-2' });
  });

  it('answers 404 for a document that is not there, or no longer, and never touches a path from the slug', async () => {
    for (const slug of ['faro', 'nada', '..%2Flibro']) {
      const res = await del(slug);
      expect([400, 404], slug).toContain(res.status);
    }
    expect(fs.existsSync(path.join(content, 'libro.txt'))).toBe(true);
  });

  it('is refused from another site (403) and deletes nothing', async () => {
    const res = await del('libro', { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(fs.existsSync(path.join(content, 'libro.txt'))).toBe(true);
  });
});
