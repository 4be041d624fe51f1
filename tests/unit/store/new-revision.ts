import type { NewRevision } from '../../../lib/store/types';

/** A revision to append, with defaults a test overrides field by field. */
export function newRevision(overrides: Partial<NewRevision> = {}): NewRevision {
  return {
    slug: 'doc',
    paragraphIndex: 0,
    text: 'Hello.',
    status: 'edited',
    author: 'Ana',
    createdAt: 1_700_000_000_000,
    baseRevisionId: null,
    kind: 'save',
    sourceText: 'Hola.',
    sourceHash: 'h1',
    machineText: 'Hi.',
    modelId: 'm',
    clientSaveId: `save-${Math.random().toString(36).slice(2)}`,
    memory: [],
    ...overrides,
  };
}
