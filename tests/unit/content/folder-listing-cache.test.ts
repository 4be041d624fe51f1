/**
 * The folder source reuses its listing while content/'s mtime stands still. These tests make the cache certain to
 * be used (the folder's mtime is set an hour back after each change, as if the change had been made then, which
 * also hides the change from the mtime check) and show that what the folder holds still wins.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isContentEntry, openFolderSource, type ContentSource } from '../../../lib/content';
import { MAX_CONTENT_BYTES } from '../../../lib/content/files';

let folder: string;
let source: ContentSource;
const anHourAgo = new Date(Date.now() - 3_600_000);
/** Puts the folder's mtime back where a cached listing expects it. */
const hideFromFolderMtime = () => fs.utimesSync(folder, anHourAgo, anHourAgo);
const write = (name: string, text: string) => {
  fs.writeFileSync(path.join(folder, name), text);
  hideFromFolderMtime();
};
const versionOf = async (slug: string) => {
  const found = await source.find(slug);
  return found && isContentEntry(found) ? found.version : found && found.code;
};

beforeEach(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-listing-'));
  source = openFolderSource(folder);
  write('faro.md', 'El faro.\n');
  write('otro.md', 'Otro.\n');
  expect(await versionOf('faro')).toMatch(/^\d+:/); // listed and cached
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('the folder listing cache', () => {
  it('is used while the folder does not change: a file added behind its back is not seen until it does', async () => {
    write('nuevo.md', 'Nuevo.\n');
    expect(await source.find('nuevo')).toBeNull();
    // Any change of the folder's own mtime (a real addition, removal or rename) lists it again.
    fs.utimesSync(folder, new Date(), new Date());
    expect(await versionOf('nuevo')).toMatch(/^\d+:/);
  });

  it('never serves a deleted document, even when the folder mtime says nothing changed', async () => {
    fs.rmSync(path.join(folder, 'faro.md'));
    hideFromFolderMtime();
    expect(await source.find('faro')).toBeNull();
  });

  it('gives a file changed in place its new version', async () => {
    const before = await versionOf('faro');
    fs.writeFileSync(path.join(folder, 'faro.md'), 'El faro se encendió en 1912.\n');
    hideFromFolderMtime();
    const after = await versionOf('faro');
    expect(after).not.toBe(before);
    expect(after).toMatch(/^\d+:/);
  });

  it('refuses a link that now leads out of content/', async () => {
    const inside = path.join(folder, 'sub');
    fs.mkdirSync(inside);
    fs.writeFileSync(path.join(inside, 'real.md'), 'Dentro.\n');
    fs.symlinkSync(path.join(inside, 'real.md'), path.join(folder, 'enlace.md'));
    hideFromFolderMtime();
    await source.list(); // listed afresh, and cached with the link
    expect(await versionOf('enlace')).toMatch(/^\d+:/);
    // The link's target is swapped one folder down: content/'s own mtime does not move.
    fs.rmSync(path.join(inside, 'real.md'));
    fs.symlinkSync('/etc/hostname', path.join(inside, 'real.md'));
    hideFromFolderMtime();
    expect(await versionOf('enlace')).toBe('outside_content');
  });

  it('sees a file that was too large once it is small enough again', async () => {
    write('grande.md', Buffer.alloc(MAX_CONTENT_BYTES + 1, 'a').toString());
    await source.list(); // listed afresh, and cached with the problem
    expect(await versionOf('grande')).toBe('too_large');
    write('grande.md', 'Pequeño.\n');
    expect(await versionOf('grande')).toMatch(/^\d+:/);
  });

  it('is read again after the source itself adds or removes a document', async () => {
    const created = await source.create('---\ntitle: Nuevo\n---\n\nNuevo.\n', { exact: 'importado' });
    expect(created.ok).toBe(true);
    hideFromFolderMtime();
    expect(await versionOf('importado')).toMatch(/^\d+:/);
    expect((await source.remove('otro')).ok).toBe(true);
    hideFromFolderMtime();
    expect(await source.find('otro')).toBeNull();
  });
});
