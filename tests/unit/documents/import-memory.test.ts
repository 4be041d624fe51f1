import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMemoryFile } from '../../../lib/documents/import-memory';
import { normalizeSentenceKey } from '../../../lib/text/normalize';
import { createMemoryStore } from '../../../lib/store/memory';

const FIXTURES = path.resolve(__dirname, '../../fixtures/exchange');

// The one use case behind POST /api/memory/import and `paralelo memory import`.
describe('importMemoryFile', () => {
  it('stores the entries of a PO file as memory, and counts what it left out by reason and in all', async () => {
    const store = createMemoryStore();
    const bytes = fs.readFileSync(path.join(FIXTURES, 'pud-excerpt.po'));
    const result = await importMemoryFile(store, bytes, 'pud-excerpt.po');
    expect(result).toMatchObject({ ok: true, format: 'po', stored: 5, skippedCount: 1, skipped: { header: 1 } });
    const source =
      'Para los que sigan las transiciones de las redes sociales de Capitol Hill, esto será algo diferente.';
    const found = await store.lookupMemory([], [normalizeSentenceKey(source)]);
    expect(found.sentences.get(normalizeSentenceKey(source))).toBe(
      'For those who follow social media transitions on Capitol Hill, this will be a little different.',
    );
    await store.close();
  });

  it('answers a file it cannot read as a value, and stores nothing', async () => {
    const store = createMemoryStore();
    const result = await importMemoryFile(store, new TextEncoder().encode('<tmx><body>'), 'broken.tmx');
    expect(result.ok).toBe(false);
    expect(await store.lookupMemory([], ['broken'])).toMatchObject({ sentences: new Map() });
    await store.close();
  });
});
