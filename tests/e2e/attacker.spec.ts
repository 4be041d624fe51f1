/**
 * Issue 14, as an attacker would try it: a page on another origin (another port of this machine) posts forms and
 * fetches to Paralelo through the user's browser. Nothing may be written and nothing read. Then DNS rebinding (a
 * foreign Host) and where `npm start` listens.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { waitForServer } from '../helpers/wait-for-server';
import { attackLog } from './attack-log';
import { contentDirOf, SEED } from './helpers';
import { PORT_ATTACKER, PORT_NPM_START, PORT_WITH_MODEL } from './ports';

const TARGET = `http://127.0.0.1:${PORT_WITH_MODEL}`;
const ATTACKER = `http://127.0.0.1:${PORT_ATTACKER}`;
const log = attackLog(`loopback server without accounts (${TARGET}), attacker's page at ${ATTACKER}`);

/** What each self-submitting form of the attacker's page sends, and where. */
const FORMS: Record<string, string> = {
  multipart: 'multipart/form-data POST /api/documents (add a document)',
  urlencoded: `urlencoded POST /api/documents/${SEED}/translation-import (replace the English)`,
  text: `text/plain POST /api/documents/${SEED}/translation (start a job)`,
};

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
test.afterAll(async () => {
  log.print();
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

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
    const answer = await res.text();
    answers[`form ${kind}`] = `status ${res.status()}`;
    log.add(`form ${FORMS[kind]}`, `${res.status()} ${answer}`);
    expect(res.status(), kind).toBe(403);
    expect(JSON.parse(answer)).toMatchObject({ error: { code: 'foreign_origin' } });
  }
  await page.goto(`${ATTACKER}/fetch`);
  const results = (await page.evaluate(
    () => (window as unknown as { results: Promise<Record<string, string>> }).results,
  )) as Record<string, string>;
  Object.assign(answers, results);
  const fetches: Record<string, string> = {
    'memory no-cors': 'fetch no-cors multipart POST /api/memory/import (fill memory)',
    'save cors json': `fetch PUT /api/documents/${SEED}/paragraphs/0 as JSON (preflighted)`,
    'read list': 'fetch GET /api/documents (read the library)',
    'read document': `fetch GET /api/documents/${SEED} (read a document)`,
    'read no-cors': `fetch no-cors GET /api/documents/${SEED} (opaque read)`,
  };
  for (const [name, what] of Object.entries(fetches)) log.add(what, results[name] ?? 'no answer');
  // CORS: Paralelo sends no Access-Control-Allow-Origin, so the browser gives the script nothing to read.
  expect(results['read list']).toMatch(/^blocked/);
  expect(results['read document']).toMatch(/^blocked/);
  expect(results['save cors json']).toMatch(/^blocked/);
  expect(results['read no-cors']).not.toContain(SEED);
  await context.close();
  const after = await storeState(request);
  const memory = await request.get(`${TARGET}/api/documents/${SEED}`);
  const pwned = (await memory.text()).includes('PWNED');
  log.add(
    'the store afterwards (files, documents, revisions, job; "PWNED" anywhere)',
    `${JSON.stringify(after) === JSON.stringify(before) ? 'unchanged' : 'CHANGED'}: ${JSON.stringify(after)}; PWNED ${pwned ? 'FOUND' : 'nowhere'}`,
  );
  expect(after).toEqual(before);
  expect(pwned).toBe(false);
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
    log.add(`raw GET ${p} with Host: evil.example`, `${status}`);
    expect(status, p).toBe(421);
  }
});

test('DNS rebinding in the browser: a page whose name now resolves to 127.0.0.1 reads and writes nothing', async () => {
  // Chromium resolves evil.example to this machine, as a rebinding attacker's DNS would once its page has loaded:
  // the page and its own same-origin requests then reach Paralelo with Host: evil.example. Twice: as Chromium is,
  // and with its Private Network Access checks off, so that what is refused is Paralelo's doing (421).
  const flags = (test.info().project.use.launchOptions?.args ?? []) as string[];
  for (const [browserKind, extra] of [
    ['Chromium', []],
    [
      'Chromium without its local-network checks',
      [
        '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,LocalNetworkAccessChecks',
      ],
    ],
  ] as const) {
    const browser = await chromium.launch({
      executablePath: test.info().project.use.launchOptions?.executablePath,
      args: [...flags, ...extra, '--host-resolver-rules=MAP evil.example 127.0.0.1'],
    });
    try {
      const page = await browser.newPage();
      const console: string[] = [];
      page.on('console', (m) => console.push(m.text()));
      const rebound = `http://evil.example:${PORT_WITH_MODEL}`;
      const nav = await page.goto(`${rebound}/es`);
      log.add(
        `${browserKind} opens ${rebound}/es (rebound to Paralelo)`,
        `${nav?.status()} ${await page.textContent('body')}`,
      );
      expect(nav?.status()).toBe(421);
      // The attacker's page itself came from the attacker's server before the name was rebound (the browser's
      // routing stands in for that first answer); its same-origin requests now go to Paralelo.
      await page.route(`${rebound}/attack`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>rebound</title>' }),
      );
      await page.goto(`${rebound}/attack`);
      const got = await page.evaluate(async (slug) => {
        const attempt = async (path: string, init?: RequestInit) => {
          try {
            const res = await fetch(path, init);
            return `${res.status} ${await res.text()}`;
          } catch (e) {
            return `blocked by the browser: ${(e as Error).message}`;
          }
        };
        return {
          read: await attempt(`/api/documents/${slug}`),
          write: await attempt(`/api/documents/${slug}/paragraphs/0`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json', 'if-match': '"0"' },
            body: JSON.stringify({ text: 'PWNED', status: 'approved', clientSaveId: 'rebind-1' }),
          }),
        };
      }, SEED);
      const why = console.find((m) => /private|address space|blocked/i.test(m));
      log.add(
        `${browserKind}, rebound page: fetch GET /api/documents/${SEED}`,
        `${got.read}${why && got.read.startsWith('blocked') ? ` (${why})` : ''}`,
      );
      log.add(`${browserKind}, rebound page: fetch PUT …/paragraphs/0`, got.write);
      for (const answer of [got.read, got.write]) expect(answer).toMatch(/^(421 |blocked by the browser)/);
      if (extra.length > 0) {
        expect(got.read).toMatch(/^421 /);
        expect(got.write).toMatch(/^421 /);
      }
    } finally {
      await browser.close();
    }
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
    log.add('npm start (PARALELO_HOST unset): listening sockets (ss -ltn)', listening.join(', '));
    expect(listening).toEqual([`127.0.0.1:${PORT_NPM_START}`]);
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  }
});
