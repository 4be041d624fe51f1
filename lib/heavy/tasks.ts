/**
 * The heavy work that runs in the parse pool's threads (pool.ts): pure functions of what the request brought, whose
 * cost grows with the input (a 10 MB import, a 20 MB book, a PO file of 400,000 entries). Imported by the pool's
 * thread only; the request thread sends a task name and its input.
 */
import { parseContent, type ParseResult, type ParseTarget } from '../content/document';
import { convertImport, type ConvertResult } from '../exchange/import-source';
import { readMemoryFile, type MemoryFileResult } from '../exchange/memory-import';
import { shareTranslation } from '../align/share-translation';
import type { CheckReport } from '../checks/types';
import { readGlossary } from '../glossary/read-glossary';
import type { GlossaryReadResult } from '../glossary/entries';
import { runCheckTask, type CheckTaskInput } from '../checks/task';
import { packEntries, type PackedEntries } from './packed-entries';

/** A memory file read, its entries packed. */
export type PackedMemoryFile =
  | (Omit<Extract<MemoryFileResult, { ok: true }>, 'entries'> & { packed: PackedEntries })
  | Extract<MemoryFileResult, { ok: false }>;

/** Every task: its input and its result. */
export interface HeavyTasks {
  parseContent: { input: { file: ParseTarget; bytes: Uint8Array }; output: ParseResult };
  convertImport: { input: { bytes: Uint8Array; fileName: string | null }; output: ConvertResult };
  /** A memory file's entries come back packed (packed-entries.ts): cloning 200,000 objects held the server. */
  readMemoryFile: { input: { bytes: Uint8Array; fileName: string }; output: PackedMemoryFile };
  shareTranslation: {
    input: Parameters<typeof shareTranslation>[0];
    output: ReturnType<typeof shareTranslation>;
  };
  /** A document's QA checks (a book's take a second or two: never on the thread that answers requests). */
  runChecks: { input: CheckTaskInput; output: CheckReport };
  /** A TBX or CSV glossary file (up to 10 MB and 20,000 entries). */
  readGlossary: { input: { bytes: Uint8Array; fileName: string }; output: GlossaryReadResult };
}

export type HeavyTaskName = keyof HeavyTasks;

/** What the pool sends to a thread. */
export interface HeavyRequest<T extends HeavyTaskName = HeavyTaskName> {
  task: T;
  input: HeavyTasks[T]['input'];
}

const TASKS: { [T in HeavyTaskName]: (input: HeavyTasks[T]['input']) => Promise<HeavyTasks[T]['output']> } = {
  parseContent: async ({ file, bytes }) => parseContent(file, bytes),
  convertImport: (input) => convertImport(input),
  readMemoryFile: async ({ bytes, fileName }) => {
    const read = readMemoryFile(bytes, fileName);
    if (!read.ok) return read;
    const { entries, ...rest } = read;
    return { ...rest, packed: packEntries(entries) };
  },
  shareTranslation: async (input) => shareTranslation(input),
  runChecks: async (input) => runCheckTask(input),
  readGlossary: async ({ bytes, fileName }) => readGlossary(bytes, fileName),
};

/** Runs one task (in a pool thread, or in-process when the pool is off). */
export function runTask<T extends HeavyTaskName>(request: HeavyRequest<T>): Promise<HeavyTasks[T]['output']> {
  const run = TASKS[request.task] as (input: HeavyTasks[T]['input']) => Promise<HeavyTasks[T]['output']>;
  return run(request.input);
}
