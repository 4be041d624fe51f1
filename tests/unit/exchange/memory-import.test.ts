import fs from 'node:fs';
import { openFolderSource } from '../../../lib/content';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDocument } from '../../../lib/documents/open-document';
import { readMemoryFile } from '../../../lib/exchange/memory-import';
import { createMemoryStore } from '../../../lib/store';

const FIXTURES = path.resolve(__dirname, '../../fixtures/exchange');

describe('memory import', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-memory-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("turns translate-toolkit's TMX units into memory matches the reader shows (origin memory)", async () => {
    const read = readMemoryFile(fs.readFileSync(path.join(FIXTURES, 'pud-excerpt.tmx')), 'pud-excerpt.tmx');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const store = createMemoryStore();
    expect(await store.importMemory(read.entries, 'pud-excerpt.tmx')).toEqual({ stored: 5 });
    fs.writeFileSync(
      path.join(dir, 'pud.md'),
      '---\ntitle: PUD\n---\n\nPara los que sigan las transiciones de las redes sociales de Capitol Hill, esto será algo diferente.\n\nUna frase que no está en la memoria.\n',
    );
    const opened = await openDocument(
      {
        content: openFolderSource(dir),
        modelId: 'Xenova/opus-mt-es-en',
        testModel: false,
        lookup: async () => new Map(),
        revisions: store,
      },
      'pud',
    );
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.document.paragraphs[0]!.target).toMatchObject({
      origin: 'memory',
      text: 'For those who follow social media transitions on Capitol Hill, this will be a little different.',
    });
    expect(opened.document.paragraphs[1]!.target).toBeNull();
    await store.close();
  });
});
