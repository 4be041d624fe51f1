/**
 * Durability of saves: a burst of concurrent saves, the server killed with SIGKILL in the middle of it, restarted on
 * the same database. Every save answered with 2xx must be in the history afterwards, and the file must be sound.
 * API requests only; this spec runs its own `next start` (port PORT_DURABILITY, 3102 by default) over the existing build.
 */
import { PORT_DURABILITY } from './ports';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { SEED } from './helpers';
import { spawnNextServer } from '../helpers/next-server';
import { waitForServer } from '../helpers/wait-for-server';

const PORT = PORT_DURABILITY;
const BASE = `http://127.0.0.1:${PORT}`;
const root = path.resolve(__dirname, '../..');
const work = path.join(root, 'test-results', `e2e-durability-${PORT}`);
const dbPath = path.join(work, 'paralelo.db');

/** Starts `next start` as the leader of its own process group, so one kill reaches it and every child. */
function startServer(): ChildProcess {
  return spawnNextServer({
    root,
    port: PORT,
    work,
    dbPath,
    stdio: 'ignore',
    modelId: 'Xenova/opus-mt-es-en',
    allowTestModels: false,
    detached: true,
  });
}

/** SIGKILL to the whole process group, then wait until the leader is gone. */
async function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
  // The group is gone when signalling it fails.
  for (let i = 0; i < 40; i++) {
    try {
      process.kill(-child.pid!, 0);
      await new Promise((r) => setTimeout(r, 50));
    } catch {
      return;
    }
  }
  throw new Error('the server process group survived SIGKILL');
}

interface Ack {
  index: number;
  id: number;
  text: string;
  clientSaveId: string;
}

let server: ChildProcess | undefined;

test.beforeAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.cpSync(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });
});

test.afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) await killHard(server);
});

test('every acknowledged save survives SIGKILL mid-burst; the database stays sound', async () => {
  test.setTimeout(240_000);
  server = startServer();
  await waitForServer(`${BASE}/api/documents`);
  const doc = (await (await fetch(`${BASE}/api/documents/${SEED}`)).json()) as { paragraphs: unknown[] };
  const paragraphs = doc.paragraphs.length;
  expect(paragraphs).toBeGreaterThan(3);

  const acks: Ack[] = [];
  let conflicts = 0;
  let failedRequests = 0;
  let killed = false;
  let counter = 0;
  let inFlight = 0;

  const url = (index: number) => `${BASE}/api/documents/${SEED}/paragraphs/${index}`;
  const save = async (index: number, version: string, text: string, clientSaveId: string) => {
    inFlight++;
    const response = await fetch(url(index), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': `"${version}"`, origin: BASE },
      body: JSON.stringify({ text, status: 'edited', clientSaveId }),
    }).finally(() => inFlight--);
    const body = (await response.json()) as { revision?: { id: number; text: string }; current?: { version: string } };
    return { status: response.status, body, etag: response.headers.get('etag') };
  };

  /** A writer that keeps saving one paragraph, following the version chain; on 409 it takes the current version. */
  const writer = async (index: number, name: string) => {
    let version = '0';
    while (!killed) {
      const n = ++counter;
      const text = `Paragraph ${index}, save ${n} by ${name}.`;
      const clientSaveId = `${name}-${n}`;
      try {
        const { status, body, etag } = await save(index, version, text, clientSaveId);
        if (status === 201 || status === 200) {
          acks.push({ index, id: body.revision!.id, text: body.revision!.text, clientSaveId });
          version = etag!.replaceAll('"', '');
        } else if (status === 409) {
          conflicts++;
          version = body.current!.version;
        } else {
          throw new Error(`unexpected ${status}: ${JSON.stringify(body)}`);
        }
      } catch (error) {
        if (killed) return;
        failedRequests++;
        if (failedRequests > 50) throw error;
      }
    }
  };

  /** Double submits: the same save sent twice at once must give one revision. */
  const doubleSubmitter = async (index: number) => {
    let version = '0';
    while (!killed) {
      const n = ++counter;
      const text = `Double ${index}/${n}.`;
      try {
        const [a, b] = await Promise.all([
          save(index, version, text, `dbl-${n}`),
          save(index, version, text, `dbl-${n}`),
        ]);
        for (const r of [a, b]) {
          if (r.status === 201 || r.status === 200)
            acks.push({ index, id: r.body.revision!.id, text, clientSaveId: `dbl-${n}` });
        }
        if (a.status < 300 && b.status < 300) expect(a.body.revision!.id).toBe(b.body.revision!.id);
        version = (a.status < 300 ? a.etag : b.etag)?.replaceAll('"', '') ?? version;
      } catch {
        if (killed) return;
      }
    }
  };

  const shared = 0;
  const writers = [
    // Three writers on the same paragraph: If-Match chains that conflict with each other.
    writer(shared, 'same-a'),
    writer(shared, 'same-b'),
    writer(shared, 'same-c'),
    // One writer on each of several other paragraphs.
    ...Array.from({ length: Math.min(6, paragraphs - 2) }, (_, i) => writer(i + 1, `solo-${i + 1}`)),
    doubleSubmitter(paragraphs - 1),
  ];

  // Kill in the middle of the burst: once enough saves are acknowledged, with requests still in flight.
  const until = Date.now() + 30_000;
  while (acks.length < 60 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  killed = true;
  const inFlightAtKill = inFlight;
  await killHard(server);
  await Promise.all(writers);
  expect(acks.length).toBeGreaterThanOrEqual(60);
  expect(conflicts).toBeGreaterThan(0);
  console.log(
    `durability: ${acks.length} saves acknowledged, ${conflicts} conflicts, ${inFlightAtKill} requests in flight at SIGKILL`,
  );

  // Straight from the file, as the killed server left it (the WAL is recovered on open).
  const db = new Database(dbPath);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const find = db.prepare<[number], { paragraph_index: number; text: string; client_save_id: string }>(
    'SELECT paragraph_index, text, client_save_id FROM revisions WHERE id = ?',
  );
  for (const ack of acks) {
    expect(find.get(ack.id), `acknowledged save ${ack.clientSaveId} (revision ${ack.id})`).toEqual({
      paragraph_index: ack.index,
      text: ack.text,
      client_save_id: ack.clientSaveId,
    });
  }
  // No forks: within a paragraph every revision is based on the one before it (no update was lost).
  const chains = db
    .prepare<[], { paragraph_index: number; id: number; base_revision_id: number | null }>(
      'SELECT paragraph_index, id, base_revision_id FROM revisions ORDER BY paragraph_index, id',
    )
    .all();
  const previous = new Map<number, number | null>();
  for (const r of chains) {
    expect(r.base_revision_id).toBe(previous.get(r.paragraph_index) ?? null);
    previous.set(r.paragraph_index, r.id);
  }
  const duplicates = db
    .prepare(
      'SELECT count(*) FROM (SELECT client_save_id FROM revisions GROUP BY slug, paragraph_index, client_save_id HAVING count(*) > 1)',
    )
    .pluck()
    .get();
  expect(duplicates).toBe(0);
  db.close();

  // Restart on the same database: the history the API shows holds every acknowledged save.
  server = startServer();
  await waitForServer(`${BASE}/api/documents`);
  const byParagraph = new Map<number, Ack[]>();
  for (const ack of acks) byParagraph.set(ack.index, [...(byParagraph.get(ack.index) ?? []), ack]);
  for (const [index, expected] of byParagraph) {
    const response = await fetch(`${url(index)}/revisions?limit=1000`);
    expect(response.status).toBe(200);
    const { revisions } = (await response.json()) as { revisions: { id: number; text: string }[] };
    const ids = new Map(revisions.map((r) => [r.id, r.text]));
    for (const ack of expected) expect(ids.get(ack.id), `revision ${ack.id} of paragraph ${index}`).toBe(ack.text);
  }
  // And the restarted server takes the next save on the latest version.
  const current = (await (await fetch(url(shared))).json()) as { version: string };
  const next = await save(shared, current.version, 'After the restart.', 'after-restart');
  expect(next.status).toBe(201);
  await killHard(server);
});

test('the save API answers 428, 400, 404, 409 and 413 as documented, and writes nothing for them', async () => {
  test.setTimeout(180_000);
  server = startServer();
  await waitForServer(`${BASE}/api/documents`);
  const url = (index: number | string, slug = SEED) => `${BASE}/api/documents/${slug}/paragraphs/${index}`;
  const put = (index: number | string, body: unknown, ifMatch?: string, slug = SEED) =>
    fetch(url(index, slug), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', origin: BASE, ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const ok = { text: 'Kim promises Putin support.', status: 'edited', author: 'Ana', clientSaveId: 'api-1' };
  const index = 3;
  const before = (await (await fetch(url(index))).json()) as { version: string };
  const history = async () =>
    ((await (await fetch(`${url(index)}/revisions`)).json()) as { revisions: { id: number }[] }).revisions.length;
  const count = await history();

  const errorOf = async (response: Response) => ({
    status: response.status,
    code: ((await response.json()) as { error?: { code: string } }).error?.code,
  });
  expect(await errorOf(await put(index, ok))).toEqual({ status: 428, code: 'precondition_required' });
  expect(await errorOf(await put(index, '{"text": ', `"${before.version}"`))).toEqual({
    status: 400,
    code: 'bad_request',
  });
  expect(await errorOf(await put(index, { ...ok, status: 'machine' }, `"${before.version}"`))).toEqual({
    status: 400,
    code: 'bad_request',
  });
  expect(await errorOf(await put(index, { ...ok, text: 'a\u0001b' }, `"${before.version}"`))).toEqual({
    status: 400,
    code: 'bad_request',
  });
  expect(await errorOf(await put(index, { ...ok, text: 'x'.repeat(20_001) }, `"${before.version}"`))).toEqual({
    status: 413,
    code: 'payload_too_large',
  });
  expect(await errorOf(await put(9999, ok, '"0"'))).toEqual({ status: 404, code: 'not_found' });
  expect(await errorOf(await put('x', ok, '"0"'))).toEqual({ status: 404, code: 'not_found' });
  expect(await errorOf(await put(0, ok, '"0"', 'no-such-doc'))).toEqual({ status: 404, code: 'not_found' });
  expect(await history()).toBe(count);

  // Bare If-Match works as well as quoted; the ETag names the new revision.
  const first = await put(index, ok, before.version);
  expect(first.status).toBe(201);
  const saved = (await first.json()) as { revision: { id: number }; paragraph: { version: string } };
  expect(first.headers.get('etag')).toBe(`"${saved.revision.id}"`);
  expect(saved.paragraph.version).toBe(String(saved.revision.id));
  const replay = await put(index, ok, before.version);
  expect(replay.status).toBe(200);
  expect(((await replay.json()) as { revision: { id: number } }).revision.id).toBe(saved.revision.id);
  const stale = await put(index, { ...ok, text: 'Mine.', clientSaveId: 'api-2' }, `"${before.version}"`);
  expect(stale.status).toBe(409);
  expect(await stale.json()).toMatchObject({
    error: { code: 'conflict' },
    current: { version: String(saved.revision.id), target: { text: ok.text, origin: 'human' } },
    yours: { text: 'Mine.', status: 'edited' },
  });
  expect(await history()).toBe(count + 1);
  // HTML is kept as text, never interpreted.
  const html = await put(
    index,
    { ...ok, text: '<img src=x onerror=alert(1)>', clientSaveId: 'api-3' },
    `"${saved.revision.id}"`,
  );
  expect(((await html.json()) as { revision: { text: string } }).revision.text).toBe('<img src=x onerror=alert(1)>');

  const revert = await fetch(`${url(index)}/revert`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'if-match': html.headers.get('etag')!, origin: BASE },
    body: JSON.stringify({ revisionId: saved.revision.id, clientSaveId: 'api-4' }),
  });
  expect(revert.status).toBe(201);
  expect(await revert.json()).toMatchObject({ revision: { kind: 'revert', text: ok.text } });
  const list = await fetch(`${url(index)}/revisions?limit=2`);
  expect(((await list.json()) as { revisions: { kind: string }[] }).revisions.map((r) => r.kind)).toEqual([
    'revert',
    'save',
  ]);
  expect((await fetch(`${url(index)}/revisions?limit=abc`)).status).toBe(400);
  await killHard(server);
});
