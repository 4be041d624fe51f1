import { describe, expect, it } from 'vitest';
import { withMachineOutput } from '@/components/reader/machine-event';
import type { ParagraphView } from '@/lib/documents/types';

const summary = { modelId: 'Xenova/opus-mt-es-en', testModel: false };
const base: ParagraphView = {
  index: 3,
  kind: 'paragraph',
  source: 'Uno. Dos.',
  sentences: ['Uno.', 'Dos.'],
  target: null,
  alignment: null,
  machine: null,
  revision: null,
  version: '0',
  flags: { sourceChanged: false, newSuggestion: null },
};

describe('machine output streamed into the reader', () => {
  it('fills an empty paragraph with the machine English, linked sentence by sentence', () => {
    const next = withMachineOutput(base, ['One.', 'Two.'], summary);
    expect(next.target).toMatchObject({ text: 'One. Two.', origin: 'machine', status: 'machine', testModel: false });
    expect(next.alignment).toEqual([
      { source: [0], target: [0], confidence: 1 },
      { source: [1], target: [1], confidence: 1 },
    ]);
    expect(next.flags?.newSuggestion).toBeNull();
  });

  it('never replaces imported English, offers the machine text, and keeps the check-alignment flag', () => {
    const imported: ParagraphView = {
      ...base,
      target: {
        text: 'Unrelated.',
        sentences: ['Unrelated.'],
        origin: 'imported',
        status: 'edited',
        modelId: summary.modelId,
        testModel: false,
        alignment: [{ source: [0, 1], target: [0], confidence: 0.1 }],
      },
      revision: {
        id: 7,
        text: 'Unrelated.',
        status: 'edited',
        author: 'import',
        createdAt: Date.UTC(2026, 10, 26, 10),
        baseRevisionId: null,
        kind: 'import',
        machineText: null,
      },
      version: '7',
      flags: { sourceChanged: true, newSuggestion: null, lowConfidence: true },
    };
    const next = withMachineOutput(imported, ['One.', 'Two.'], summary);
    expect(next.target).toBe(imported.target);
    expect(next.version).toBe('7');
    expect(next.flags).toEqual({ sourceChanged: true, newSuggestion: 'One. Two.', lowConfidence: true });
    expect(next.machine?.text).toBe('One. Two.');
    // Machine output equal to the one the revision was made from is not offered again.
    const same = withMachineOutput(
      { ...imported, revision: { ...imported.revision!, machineText: 'One. Two.' } },
      ['One.', 'Two.'],
      summary,
    );
    expect(same.flags).toEqual({ sourceChanged: true, newSuggestion: null, lowConfidence: true });
  });
});
