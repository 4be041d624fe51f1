import { StoreError, type JobState, type RunNotice, type RunPlan, type Store, type WindowParagraph } from './types';

/** The Store methods of queued runs, which each adapter implements in a file of its own (<adapter>-runs.ts). */
export type RunMethods = Pick<
  Store,
  'startRun' | 'claimWindow' | 'commitWindow' | 'endRun' | 'prioritizeRun' | 'runWindows'
>;

/** A store that sends no notifications (memory, SQLite) refuses a notice rather than drop the events it carries. */
export function refuseNotice(notice: RunNotice | undefined, store: string): void {
  if (notice) {
    throw new StoreError(
      'failed',
      `the ${store} store sends no notifications: publish the job's events after the write (JobEvents.publish)`,
    );
  }
}

/**
 * What every adapter shares for queued runs: pure functions over a run's windows, so the three of them decide the
 * same order and the same end.
 */

/**
 * The state a new run starts with: running, with the paragraphs translated beforehand already counted; done at once
 * when there is no window to translate.
 */
export function initialRunState(plan: RunPlan): JobState {
  const nothingLeft = plan.windows.length === 0;
  return {
    slug: plan.slug,
    modelId: plan.modelId,
    status: nothingLeft ? 'done' : 'running',
    done: nothingLeft ? plan.total : Math.min(plan.done, plan.total),
    total: plan.total,
    updatedAt: plan.startedAt,
    runId: plan.runId,
  };
}

/**
 * The state after one more window is committed: its paragraphs counted, and done once no window is left open.
 * `openAfter` is the number of windows still uncommitted after this one.
 */
export function stateAfterCommit(state: JobState, paragraphs: number, openAfter: number, now: number): JobState {
  const done = openAfter === 0 ? state.total : Math.min(state.total, state.done + paragraphs);
  return { ...state, done, status: openAfter === 0 ? 'done' : 'running', updatedAt: now };
}

/**
 * The claim order of unclaimed windows after a reader moved to paragraph `fromIndex`: windows holding a paragraph
 * from there on first, by their first such paragraph, then the others by their first paragraph, as
 * prioritizeQueue orders paragraphs (lib/documents/translation-job-plan.ts). Returns window numbers.
 */
export function windowsInPriority(
  windows: readonly { window: number; paragraphs: readonly WindowParagraph[] }[],
  fromIndex: number,
): number[] {
  const keyed = windows.map((w) => {
    const ahead = w.paragraphs.map((p) => p.index).filter((i) => i >= fromIndex);
    const first = ahead.length > 0 ? Math.min(...ahead) : Math.min(...w.paragraphs.map((p) => p.index));
    return { window: w.window, behind: ahead.length === 0 ? 1 : 0, first };
  });
  keyed.sort((a, b) => a.behind - b.behind || a.first - b.first || a.window - b.window);
  return keyed.map((k) => k.window);
}
