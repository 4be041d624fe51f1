import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from './fuzz-routes';
import { call, type RouteHandler } from './requests';

// The handlers read their configuration from the environment once, on first use: the workspace comes first.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-glossary-'));
makeWorkspace(work);
const h: Record<string, RouteHandler> = {};

beforeAll(async () => {
  const list = await import('../../../app/api/glossary/route');
  const one = await import('../../../app/api/glossary/[id]/route');
  const imp = await import('../../../app/api/glossary/import/route');
  const exp = await import('../../../app/api/glossary/export/route');
  const checks = await import('../../../app/api/documents/[slug]/checks/route');
  const paragraph = await import('../../../app/api/documents/[slug]/paragraphs/[index]/route');
  Object.assign(h, {
    list: list.GET,
    add: list.POST,
    edit: one.PUT,
    remove: one.DELETE,
    import: imp.POST,
    export: exp.GET,
    checks: checks.GET,
    save: paragraph.PUT,
  });
});
afterAll(async () => {
  const { closeHeavyPool } = await import('../../../lib/heavy/pool');
  await closeHeavyPool();
  fs.rmSync(work, { recursive: true, force: true });
});

const jsonBody = (method: string, p: string, body: unknown) => ({
  method,
  path: p,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const upload = (name: string, text: string) => {
  const form = new FormData();
  form.set('file', new File([new TextEncoder().encode(text)], name));
  return call(h.import!, { method: 'POST', path: '/api/glossary/import', body: form });
};
const entries = async () =>
  (
    (await (await call(h.list!, { path: '/api/glossary' })).json()) as {
      entries: { id: number; term: string; english: string[] }[];
    }
  ).entries;

describe('the glossary API', () => {
  it('adds, refuses a term it has, a one-letter term and a term without English, edits and deletes', async () => {
    const added = await call(
      h.add!,
      jsonBody('POST', '/api/glossary', { term: 'faro', english: ['lighthouse'], forbidden: ['beacon'] }),
    );
    expect(added.status).toBe(201);
    const { entry } = (await added.json()) as { entry: { id: number } };
    const again = await call(h.add!, jsonBody('POST', '/api/glossary', { term: 'faro', english: ['light'] }));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ reason: 'exists', params: { term: 'faro' } });
    const short = await call(h.add!, jsonBody('POST', '/api/glossary', { term: 'y', english: ['and'] }));
    expect(short.status).toBe(422);
    expect(await short.json()).toMatchObject({ reason: 'invalid', params: { problem: 'term_too_short' } });
    expect((await call(h.add!, jsonBody('POST', '/api/glossary', { term: 'isla', english: [] }))).status).toBe(422);
    expect((await call(h.add!, jsonBody('POST', '/api/glossary', { term: 5 }))).status).toBe(400);
    const edited = await call(
      h.edit!,
      jsonBody('PUT', `/api/glossary/${entry.id}`, { term: 'faro', english: 'lighthouse|light', forms: ['faros'] }),
      { id: String(entry.id) },
    );
    expect(edited.status).toBe(200);
    expect((await entries())[0]).toMatchObject({ term: 'faro', english: ['lighthouse', 'light'] });
    expect(
      (await call(h.edit!, jsonBody('PUT', '/api/glossary/999', { term: 'nada', english: ['nothing'] }), { id: '999' }))
        .status,
    ).toBe(404);
    expect((await call(h.remove!, { method: 'DELETE', path: `/api/glossary/abc` }, { id: 'abc' })).status).toBe(404);
    const removed = await call(
      h.remove!,
      { method: 'DELETE', path: `/api/glossary/${entry.id}` },
      { id: String(entry.id) },
    );
    expect(removed.status).toBe(200);
    expect(await entries()).toEqual([]);
  });

  it('imports CSV and TBX, exports both, refuses a file that is neither and one over the entry limit', async () => {
    const csv = await upload(
      'terms.csv',
      'spanish,english,forms,forbidden\nfaro,lighthouse,faros,beacon\nmapa,map,mapas,\ny,and,,\n',
    );
    expect(csv.status).toBe(200);
    expect(await csv.json()).toMatchObject({ added: 2, updated: 0, problems: [{ code: 'term_too_short', term: 'y' }] });
    const tbxRes = await call(h.export!, { path: '/api/glossary/export?format=tbx' });
    expect(tbxRes.headers.get('content-disposition')).toContain('glossary.tbx');
    const tbx = await tbxRes.text();
    expect(tbx).toContain('lighthouse');
    const back = await upload('again.tbx', tbx.replace('lighthouse', 'light tower'));
    expect(await back.json()).toMatchObject({ added: 0, updated: 2 });
    expect((await entries()).find((e) => e.term === 'faro')!.english).toEqual(['light tower']);
    expect(await (await call(h.export!, { path: '/api/glossary/export?format=csv' })).text()).toContain('faro');
    expect((await call(h.export!, { path: '/api/glossary/export?format=pdf' })).status).toBe(400);

    const notOne = await upload('notes.docx', 'PK\u0003\u0004 not a glossary');
    expect(notOne.status).toBe(422);
    expect(await notOne.json()).toMatchObject({ reason: 'unknown_format' });
    const many = ['spanish,english', ...Array.from({ length: 20_001 }, (_, i) => `termino${i},term${i}`)].join('\n');
    const tooMany = await upload('many.csv', many);
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ reason: 'too_many' });
    expect(await entries()).toHaveLength(2);
  }, 60_000);

  it('keeps one entry per term, case aside: adding, renaming and importing a capitalized spelling of a term it has', async () => {
    const first = await call(h.add!, jsonBody('POST', '/api/glossary', { term: 'molino', english: ['mill'] }));
    expect(first.status).toBe(201);
    const capital = await call(h.add!, jsonBody('POST', '/api/glossary', { term: 'Molino', english: ['windmill'] }));
    expect(capital.status).toBe(409);
    expect(await capital.json()).toMatchObject({ reason: 'exists', params: { term: 'molino' } });
    // Accents are not case: "papá" is another word than "papa".
    const papa = await call(h.add!, jsonBody('POST', '/api/glossary', { term: 'papa', english: ['potato'] }));
    const papaAccent = await call(h.add!, jsonBody('POST', '/api/glossary', { term: 'papá', english: ['dad'] }));
    expect([papa.status, papaAccent.status]).toEqual([201, 201]);
    const { entry } = (await papa.json()) as { entry: { id: number } };
    const rename = await call(
      h.edit!,
      jsonBody('PUT', `/api/glossary/${entry.id}`, { term: 'MOLINO', english: ['potato'] }),
      { id: String(entry.id) },
    );
    expect(rename.status).toBe(409);
    // Renaming an entry to its own term in another case is an edit, not a clash.
    const recased = await call(
      h.edit!,
      jsonBody('PUT', `/api/glossary/${entry.id}`, { term: 'Papa', english: ['potato'] }),
      { id: String(entry.id) },
    );
    expect(recased.status).toBe(200);

    const imported = await upload(
      'caps.csv',
      'spanish,english\nMOLINO,windmill\nPapá,father\nPuerto,port\npuerto,harbour\n',
    );
    expect(await imported.json()).toMatchObject({ added: 1, updated: 2 });
    const now = await entries();
    expect(now.filter((e) => e.term.toLowerCase() === 'molino')).toEqual([
      expect.objectContaining({ term: 'molino', english: ['windmill'] }),
    ]);
    expect(now.find((e) => e.term === 'papá')!.english).toEqual(['father']);
    expect(now.filter((e) => e.term.toLowerCase() === 'puerto')).toEqual([
      expect.objectContaining({ term: 'Puerto', english: ['harbour'] }),
    ]);
    for (const e of now.filter((e) => !['faro', 'mapa'].includes(e.term)))
      await call(h.remove!, { method: 'DELETE', path: `/api/glossary/${e.id}` }, { id: String(e.id) });
  });

  it('holds the checks to the stored glossary: a forbidden English is found without any file', async () => {
    const saved = await call(
      h.save!,
      {
        method: 'PUT',
        path: '/api/documents/faro/paragraphs/1',
        headers: { 'content-type': 'application/json', 'if-match': '"0"' },
        body: JSON.stringify({
          text: 'The beacon was lit in 1912. Its light could be seen from the islands.',
          status: 'edited',
          clientSaveId: 'g1',
        }),
      },
      { slug: 'faro', index: '1' },
    );
    expect(saved.status).toBe(201);
    await upload('forbid.csv', 'spanish,english,forms,forbidden\nfaro,lighthouse,faros,beacon\n');
    const report = (await (await call(h.checks!, { path: '/api/documents/faro/checks' }, { slug: 'faro' })).json()) as {
      findings: { check: string; message: string; paragraph: number }[];
    };
    expect(
      report.findings
        .filter((f) => f.check === 'glossary' && f.paragraph === 1)
        .map((f) => f.message)
        .sort(),
    ).toEqual(['glossary.forbidden', 'glossary.missing']);
  });
});
