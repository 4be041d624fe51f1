'use client';

import { createContext, useContext } from 'react';
import type { CheckFinding } from './api';

/**
 * The document's QA checks as the page holds them, for the cells, the badges and the editor's history (which
 * cannot import the reader): the findings of a paragraph and a way to ask for the checks again.
 */
export interface ChecksValue {
  /** Findings of a paragraph not ignored, in the report's order. */
  findingsOf(index: number): readonly CheckFinding[];
  /** Findings of a paragraph, ignored ones included (flagged `ignored`). */
  allFindingsOf(index: number): readonly CheckFinding[];
  /**
   * Whether the checks have answered (findings are empty before, and when they failed); 'loading' again from a
   * refresh until its answer, while the findings held are those of the English before the change.
   */
  status: 'loading' | 'ready' | 'failed';
  /** Runs the checks again (after a save, an ignore or an un-ignore). */
  refresh(): void;
  /** Marks a finding ignored or not on the page at once, before the checks run again. */
  markIgnored(finding: Pick<CheckFinding, 'paragraph' | 'key'>, ignored: boolean): void;
}

const NONE: readonly CheckFinding[] = [];

const ChecksContext = createContext<ChecksValue>({
  findingsOf: () => NONE,
  allFindingsOf: () => NONE,
  status: 'loading',
  refresh: () => {},
  markIgnored: () => {},
});

export const ChecksProvider = ChecksContext.Provider;

/** The page's checks (nothing outside a document page). */
export function useChecks(): ChecksValue {
  return useContext(ChecksContext);
}
