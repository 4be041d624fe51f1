import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSharedStore, openStore } from '../../../lib/store';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../../lib/store/migrations';
import { openSqliteStore } from '../../../lib/store/sqlite';
import { StoreError, type Store } from '../../../lib/store/types';
import { describeStoreSuite, newRevision } from './store-suite';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-store-'));

describeStoreSuite('sqlite', async () => {
  const dir = tempDir();
  const dbPath = path.join(dir, 'paralelo.db');
  return {
    open: async () => openSqliteStore(dbPath, { busyTimeoutMs: 2000 }),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite store specifics', () => {
  let dir: string;
  const opened: Store[] = [];
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const open = (dbPath: string) => {
    const s = openSqliteStore(dbPath);
    opened.push(s);
    return s;
  };

  it('creates the parent folders of the database file and uses WAL', async () => {
    const dbPath = path.join(dir, 'data', 'nested', 'paralelo.db');
    open(dbPath);
    expect(fs.existsSync(dbPath)).toBe(true);
    const raw = new Database(dbPath, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('applies migrations once: reopening and migrating again change nothing', () => {
    const dbPath = path.join(dir, 'paralelo.db');
    open(dbPath);
    open(dbPath);
    const raw = new Database(dbPath);
    expect(migrate(raw, dbPath)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual([
      'check_ignores',
      'glossary_entries',
      'imported_memory',
      'machine_translations',
      'revisions',
      'sqlite_sequence',
      'translation_jobs',
      'translation_memory',
      'translation_version',
      'translation_windows',
    ]);
    raw.close();
  });

  it('applies a new migration on top of an existing database without losing data', async () => {
    const dbPath = path.join(dir, 'paralelo.db');
    const store = open(dbPath);
    await store.putMachineTranslations('m', [{ sourceKey: 'Hola.', target: 'Hello.' }]);
    const raw = new Database(dbPath);
    const next = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, name: 'test table', sql: 'CREATE TABLE later (id INTEGER PRIMARY KEY)' },
    ];
    expect(migrate(raw, dbPath, next)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION + 1 });
    expect(raw.prepare('SELECT target FROM machine_translations').pluck().get()).toBe('Hello.');
    raw.close();
  });

  it('rolls back a failing migration entirely', () => {
    const dbPath = path.join(dir, 'paralelo.db');
    const raw = new Database(dbPath);
    const broken = [
      ...MIGRATIONS,
      { version: SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE ok (x); NOT SQL' },
    ];
    expect(() => migrate(raw, dbPath, broken)).toThrow();
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
    raw.close();
  });

  it('refuses a database from a newer Paralelo, naming the file', () => {
    const dbPath = path.join(dir, 'paralelo.db');
    const raw = new Database(dbPath);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openSqliteStore(dbPath)).toThrow(StoreError);
    try {
      openSqliteStore(dbPath);
    } catch (error) {
      expect(error).toMatchObject({ code: 'newer_schema' });
      expect((error as Error).message).toContain(dbPath);
    }
  });

  it('gives a clear error, with the path and the fix, for a file that is not a database', () => {
    const dbPath = path.join(dir, 'notes.db');
    fs.writeFileSync(dbPath, 'These are my notes, not a database.\n'.repeat(100));
    let caught: unknown;
    try {
      openSqliteStore(dbPath);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    const error = caught as StoreError;
    expect(error.code).toBe('not_a_database');
    expect(error.message).toMatch(/^\[paralelo:store\]/);
    expect(error.message).toContain(dbPath);
    expect(error.message).toContain('PARALELO_DB');
    expect(error.cause).toBeDefined();
    // The user's file is left as it was.
    expect(fs.readFileSync(dbPath, 'utf8')).toMatch(/^These are my notes/);
  });

  it.skipIf(process.getuid?.() === 0)('gives a clear error for a read-only database file', async () => {
    const dbPath = path.join(dir, 'paralelo.db');
    await open(dbPath).close();
    fs.rmSync(`${dbPath}-wal`, { force: true });
    fs.rmSync(`${dbPath}-shm`, { force: true });
    fs.chmodSync(dbPath, 0o444);
    fs.chmodSync(dir, 0o555);
    try {
      expect(() => openSqliteStore(dbPath)).toThrow(/\[paralelo:store\].*(writable|cannot be)/);
    } finally {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(dbPath, 0o644);
    }
  });

  it('upgrades a version 1 database to revisions without touching its cache', () => {
    const dbPath = path.join(dir, 'v1.db');
    const raw = new Database(dbPath);
    migrate(raw, dbPath, MIGRATIONS.slice(0, 1));
    raw.prepare("INSERT INTO machine_translations VALUES ('m', 'Hola.', 'Hello.', 1)").run();
    expect(migrate(raw, dbPath)).toEqual({ from: 1, to: SCHEMA_VERSION });
    expect(raw.prepare('SELECT count(*) FROM revisions').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT target FROM machine_translations').pluck().get()).toBe('Hello.');
    raw.close();
  });

  it('enforces one revision per (document, paragraph, clientSaveId) in the schema itself', async () => {
    const dbPath = path.join(dir, 'paralelo.db');
    const store = open(dbPath);
    await store.appendRevision(newRevision({ clientSaveId: 'once' }), null);
    const raw = new Database(dbPath);
    const row = raw.prepare('SELECT * FROM revisions').get() as Record<string, unknown>;
    delete row.id;
    const columns = Object.keys(row);
    const insert = raw.prepare(
      `INSERT INTO revisions (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`,
    );
    expect(() => insert.run(row)).toThrow(/UNIQUE/);
    raw.close();
  });

  it('takes the write lock before checking the version (BEGIN IMMEDIATE): a busy writer makes saves wait', async () => {
    const dbPath = path.join(dir, 'paralelo.db');
    const store = openSqliteStore(dbPath, { busyTimeoutMs: 50 });
    opened.push(store);
    const blocker = new Database(dbPath);
    blocker.exec('BEGIN IMMEDIATE');
    await expect(store.appendRevision(newRevision(), null)).rejects.toMatchObject({ name: 'StoreError' });
    blocker.exec('ROLLBACK');
    expect(await store.appendRevision(newRevision(), null)).toMatchObject({ ok: true, kind: 'saved' });
    blocker.close();
  });

  it('writes a batch all or nothing', async () => {
    const store = open(path.join(dir, 'paralelo.db'));
    const bad = [
      { sourceKey: 'uno', target: 'one' },
      { sourceKey: 'dos', target: null as unknown as string },
    ];
    await expect(store.putMachineTranslations('m', bad)).rejects.toBeInstanceOf(StoreError);
    expect(await store.countMachineTranslations('m', ['uno', 'dos'])).toBe(0);
  });

  it('openStore opens the configured file; getSharedStore gives one handle per process until closed', async () => {
    const dbPath = path.join(dir, 'shared.db');
    const own = await openStore({ dbPath });
    opened.push(own);
    const a = await getSharedStore({ dbPath });
    const b = await getSharedStore({ dbPath });
    expect(a).toBe(b);
    await a.putMachineTranslations('m', [{ sourceKey: 'x', target: 'y' }]);
    expect(await own.countMachineTranslations('m', ['x'])).toBe(1);
    await a.close();
    const c = await getSharedStore({ dbPath });
    expect(c).not.toBe(a);
    expect(await c.countMachineTranslations('m', ['x'])).toBe(1);
    await c.close();
  });

  it('does not keep a failed shared open', async () => {
    const dbPath = path.join(dir, 'bad.db');
    fs.writeFileSync(dbPath, 'x'.repeat(4096));
    await expect(getSharedStore({ dbPath })).rejects.toMatchObject({ code: 'not_a_database' });
    fs.rmSync(dbPath);
    const store = await getSharedStore({ dbPath });
    expect(store.kind).toBe('sqlite');
    await store.close();
  });
});
