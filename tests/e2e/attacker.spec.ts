/**
 * Issue 14, as an attacker would try it: a page on another origin (another port of this machine) posts forms and
 * fetches to Paralelo through the user's browser. Nothing may be written and nothing read. Then DNS rebinding (a
 * foreign Host) and where `npm start` listens.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForServer } from '../helpers/wait-for-server';
import { contentDirOf, SEED } from './helpers';
import { PORT_ATTACKER, PORT_NPM_START, PORT_WITH_MODEL } from './ports';

const TARGET = `http://127.0.0.1:${PORT_WITH_MODEL}`;
const ATTACKER = `http://127.0.0.1:${PORT_ATTACKER}`;

/** The attacker's page: forms of each encoding that submit themselves, and a script of cross-origin fetches. */
function attackerPage(kind: string): string {
  const form = (enctype: string, action: string, fields: string) =>
    `<form id="f" method="post" enctype="${enctype}" action="${TARGET}${action}">${fields}</form><script>document.getElementById('f').submit()</script>`;
  switch (kind) {
    case 'multipart':
      return form(
        'multipart/form-data',
        '/api/documents',
        '<input name="text" value="Texto del atacante."><input name="title" value="Pwned">',
      );
    case 'urlencoded':
      return form(
        'application/x-www-form-urlencoded',
        `/api/documents/${SEED}/translation-import`,
        '<input name="text" value="PWNED">',
      );
    case 'text':
      return form('text/plain', `/api/documents/${SEED}/translation`, '<input name=\'{"from":0,"x":"\' value=\'"}\'>');
    default:
      return `<script>
        window.results = (async () => {
          const out = {};
          const tryIt = async (name, url, init) => {
            try { const r = await fetch(url, init); out[name] = 'status ' + r.status + ' ' + (r.type === 'opaque' ? 'opaque' : await r.text()); }
            catch (e) { out[name] = 'blocked: ' + e.message; }
          };
          const fd = new FormData(); fd.set('file', new Blob(['<tmx version="1.4"><body><tu><tuv xml:lang="es"><seg>hola</seg></tuv><tuv xml:lang="en"><seg>PWNED</seg></tuv></tu></body></tmx>']), 'm.tmx');
          await tryIt('memory no-cors', '${TARGET}/api/memory/import', { method: 'POST', mode: 'no-cors', body: fd });
          await tryIt('save cors json', '${TARGET}/api/documents/${SEED}/paragraphs/0', { method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': '"0"' }, body: JSON.stringify({ text: 'PWNED', status: 'approved', clientSaveId: 'evil1' }) });
          await tryIt('read list', '${TARGET}/api/documents');
          await tryIt('read document', '${TARGET}/api/documents/${SEED}');
          await tryIt('read no-cors', '${TARGET}/api/documents/${SEED}', { mode: 'no-cors' });
          return out;
        })();
      </script>`;
  }
}

let attacker: http.Server;
test.beforeAll(async () => {
  attacker = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>attacker</title>${attackerPage((req.url ?? '/').slice(1))}`);
  });
  await new Promise<void>((resolve) => attacker.listen(PORT_ATTACKER, '127.0.0.1', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => attacker.close(() => resolve())));

async function storeState(request: import('@playwright/test').APIRequestContext) {
  const doc = (await (await request.get(`${TARGET}/api/documents/${SEED}`)).json()) as {
    paragraphs: { revision: unknown }[];
  };
  const list = (await (await request.get(`${TARGET}/api/documents`)).json()) as { documents: unknown[] };
  const job = await request.get(`${TARGET}/api/documents/${SEED}/translation`);
  return {
    files: fs.readdirSync(contentDirOf()).sort(),
    documents: list.documents.length,
    revisions: doc.paragraphs.filter((p) => p.revision !== null).length,
    job: job.status() === 200 ? ((await job.json()) as { job: { status: string; total: number } }).job.status : 'none',
  };
}

test('forms and fetches from another origin write nothing and read nothing', async ({ browser, request }) => {
  const before = await storeState(request);
  const context = await browser.newContext();
  const page = await context.newPage();
  const answers: Record<string, string> = {};
  for (const kind of ['multipart', 'urlencoded', 'text']) {
    const response = page.waitForResponse((r) => r.url().startsWith(TARGET) && r.request().method() === 'POST');
    await page.goto(`${ATTACKER}/${kind}`);
    const res = await response;
    answers[`form ${kind}`] = `status ${res.status()}`;
    expect(res.status(), kind).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'foreign_origin' } });
  }
  await page.goto(`${ATTACKER}/fetch`);
  const results = (await page.evaluate(
    () => (window as unknown as { results: Promise<Record<string, string>> }).results,
  )) as Record<string, string>;
  Object.assign(answers, results);
  console.log('[attacker]', JSON.stringify(answers, null, 1));
  // CORS: Paralelo sends no Access-Control-Allow-Origin, so the browser gives the script nothing to read.
  expect(results['read list']).toMatch(/^blocked/);
  expect(results['read document']).toMatch(/^blocked/);
  expect(results['save cors json']).toMatch(/^blocked/);
  expect(results['read no-cors']).not.toContain(SEED);
  await context.close();
  const after = await storeState(request);
  expect(after).toEqual(before);
  const memory = await request.get(`${TARGET}/api/documents/${SEED}`);
  expect(await memory.text()).not.toContain('PWNED');
});

test('a request whose Host is not the server’s (DNS rebinding) gets 421, pages and API alike', async () => {
  for (const p of ['/es', '/api/documents', `/api/documents/${SEED}`]) {
    const status = await new Promise<number>((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port: PORT_WITH_MODEL, path: p, headers: { host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject),
    );
    expect(status, p).toBe(421);
  }
});

test('npm start listens on 127.0.0.1 only', async () => {
  test.setTimeout(120_000);
  const root = path.resolve(__dirname, '../..');
  const work = path.join(root, 'test-results', 'e2e-npm-start');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  const child = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(PORT_NPM_START),
      PARALELO_HOST: '',
      PARALELO_CONTENT_DIR: path.join(work, 'content'),
      PARALELO_MODELS_DIR: path.join(work, 'models'),
      PARALELO_DB: path.join(work, 'paralelo.db'),
      PARALELO_PRELOAD: '0',
    },
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT_NPM_START}/api/documents`);
    const listening = execFileSync('ss', ['-Hltn', `sport = :${PORT_NPM_START}`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[3]);
    console.log('[npm start] listening on', listening.join(', '));
    expect(listening).toEqual([`127.0.0.1:${PORT_NPM_START}`]);
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
});
