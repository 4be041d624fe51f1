/**
 * The checks of a document as one plain task, so that the parse pool's thread (lib/heavy) can run them: the pairs,
 * the memory and the glossary's entries go in (the glossary is compiled on the thread), the report comes out.
 */
import { createHash } from 'node:crypto';
import { compileGlossary } from '../glossary/match';
import type { GlossaryEntry } from '../glossary/types';
import { PairMemo } from './pair-memo';
import { occurrenceId, runChecks } from './run-checks';
import type { CheckId, CheckPair, CheckReport, MemoryReference } from './types';

/** An ignore or un-ignore of a finding's occurrence, as the store keeps them (lib/store CheckIgnoreEvent). */
export interface IgnoreEvent {
  paragraphIndex: number;
  findingKey: string;
  ignored: boolean;
}

/** What the pool's thread is given: everything plain, the glossary compiled there. */
export interface CheckTaskInput {
  pairs: CheckPair[];
  memory: MemoryReference;
  glossary?: readonly GlossaryEntry[];
  only?: readonly CheckId[];
  ignored: string[];
  /** Reuse the findings of pairs this thread checked before (the server's runs): pair-memo.ts. */
  reusePairs?: boolean;
}

/** This thread's kept findings by pair (each pool thread has its own). */
const memo = new PairMemo();

/** Runs the checks of a task's input (in the pool's thread, or here). */
export function runCheckTask(input: CheckTaskInput): CheckReport {
  return runChecks(
    {
      pairs: input.pairs,
      memory: input.memory,
      ...(input.glossary
        ? {
            glossary: compileGlossary(input.glossary),
            glossaryVersion: createHash('sha256').update(JSON.stringify(input.glossary)).digest('base64url'),
          }
        : {}),
    },
    {
      ignored: new Set(input.ignored),
      ...(input.only ? { only: input.only } : {}),
      ...(input.reusePairs ? { memo } : {}),
    },
  );
}

/** The occurrences ignored now: for each, its latest event decides (an un-ignore takes an ignore back). */
export function ignoredOccurrences(events: readonly IgnoreEvent[]): Set<string> {
  const latest = new Map<string, boolean>();
  for (const e of events) latest.set(occurrenceId({ paragraph: e.paragraphIndex, key: e.findingKey }), e.ignored);
  return new Set([...latest].filter(([, ignored]) => ignored).map(([id]) => id));
}
