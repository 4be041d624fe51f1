import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { jobStateParams, rowToClaim, rowToJobState, rowToWindow, type JobRow, type WindowRow } from './rows';
import { initialRunState, refuseNotice, stateAfterCommit, windowsInPriority, type RunMethods } from './runs';
import type { JobState, MachineTranslationEntry } from './types';

/**
 * The SQLite store's queued runs. Each method is one IMMEDIATE transaction: it holds the write lock from its first
 * read, so a claim and a commit of the same run can never interleave, in this process or another.
 */
export function sqliteRuns(
  db: Database.Database,
  run: <T>(doing: string, fn: () => T) => Promise<T>,
  putJob: (params: ReturnType<typeof jobStateParams>) => void,
  putTranslations: (modelId: string, entries: readonly MachineTranslationEntry[]) => void,
): RunMethods {
  const q = {
    jobOfRun: db.prepare<[string], JobRow>(`SELECT * FROM translation_jobs WHERE run_id = ? AND status = 'running'`),
    job: db.prepare<[string, string], JobRow>('SELECT * FROM translation_jobs WHERE slug = ? AND model_id = ?'),
    windows: db.prepare<[string], WindowRow>('SELECT * FROM translation_windows WHERE run_id = ? ORDER BY window_no'),
    anyWindow: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM translation_windows WHERE run_id = ? LIMIT 1'),
    bound: db.prepare<[string, string], WindowRow>(
      'SELECT * FROM translation_windows WHERE run_id = ? AND job_key = ?',
    ),
    next: db.prepare<[string], WindowRow>(
      'SELECT * FROM translation_windows WHERE run_id = ? AND job_key IS NULL ORDER BY claim_order LIMIT 1',
    ),
    window: db.prepare<[string, number], WindowRow>(
      'SELECT * FROM translation_windows WHERE run_id = ? AND window_no = ?',
    ),
    open: db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM translation_windows WHERE run_id = ? AND committed_by IS NULL',
    ),
    claim: db.prepare<[string, string, string, string, number]>(
      `UPDATE translation_windows SET job_key = ?, token = ?, claimed_by = ?, attempts = attempts + 1
       WHERE run_id = ? AND window_no = ?`,
    ),
    commit: db.prepare<[string, number, string, number]>(
      'UPDATE translation_windows SET committed_by = ?, committed_at = ? WHERE run_id = ? AND window_no = ?',
    ),
    order: db.prepare<[number, string, number]>(
      'UPDATE translation_windows SET claim_order = ? WHERE run_id = ? AND window_no = ?',
    ),
    insert: db.prepare<[string, number, number, string]>(
      'INSERT INTO translation_windows (run_id, window_no, claim_order, paragraphs) VALUES (?, ?, ?, ?)',
    ),
    drop: db.prepare<[string]>('DELETE FROM translation_windows WHERE run_id = ?'),
  };

  return {
    startRun: (plan) =>
      run('starting a run', () =>
        db
          .transaction(() => {
            const current = q.job.get(plan.slug, plan.modelId);
            if (current?.status === 'running' && current.run_id) {
              return { started: false, state: rowToJobState(current) };
            }
            if (current?.run_id) q.drop.run(current.run_id);
            const state = initialRunState(plan);
            putJob(jobStateParams(state));
            plan.windows.forEach((paragraphs, window) =>
              q.insert.run(plan.runId, window, window, JSON.stringify(paragraphs)),
            );
            return { started: true, state };
          })
          .immediate(),
      ),

    claimWindow: (runId, jobKey, worker) =>
      run('claiming a window', () =>
        db
          .transaction(() => {
            const job = q.jobOfRun.get(runId);
            if (!job) return q.anyWindow.get(runId) ? { status: 'none' as const } : { status: 'unknown' as const };
            const state = rowToJobState(job);
            const bound = q.bound.get(runId, jobKey);
            if (bound?.committed_by) return { status: 'committed' as const, window: rowToWindow(bound), state };
            const row = bound ?? q.next.get(runId);
            if (!row) return { status: 'none' as const };
            q.claim.run(jobKey, randomUUID(), worker, runId, row.window_no);
            return { status: 'claimed' as const, claim: rowToClaim(state, q.window.get(runId, row.window_no)!) };
          })
          .immediate(),
      ),

    commitWindow: (claim, entries, worker, now, notice) =>
      run('committing a window', () =>
        db
          .transaction(() => {
            refuseNotice(notice, 'SQLite');
            const job = q.jobOfRun.get(claim.runId);
            if (!job) return { ok: false as const, reason: 'ended' as const };
            const row = q.window.get(claim.runId, claim.window);
            if (!row || row.token !== claim.token || row.committed_by)
              return { ok: false as const, reason: 'stale' as const };
            putTranslations(claim.modelId, entries);
            q.commit.run(worker, now, claim.runId, claim.window);
            const open = q.open.get(claim.runId)?.n ?? 0;
            const state = stateAfterCommit(rowToJobState(job), rowToWindow(row).paragraphs.length, open, now);
            putJob(jobStateParams(state));
            return { ok: true as const, state };
          })
          .immediate(),
      ),

    endRun: (runId, status, now, failure, notice) =>
      run('ending a run', () =>
        db
          .transaction(() => {
            refuseNotice(notice, 'SQLite');
            const job = q.jobOfRun.get(runId);
            if (!job) return undefined;
            const state: JobState = { ...rowToJobState(job), status, updatedAt: now };
            if (failure) Object.assign(state, { errorCode: failure.code, errorMessage: failure.message });
            putJob(jobStateParams(state));
            return state;
          })
          .immediate(),
      ),

    prioritizeRun: (runId, fromIndex) =>
      run('prioritizing a run', () =>
        db
          .transaction(() => {
            if (!q.jobOfRun.get(runId)) return false;
            const open = q.windows
              .all(runId)
              .filter((r) => r.job_key === null)
              .map((r) => ({ ...rowToWindow(r), order: r.claim_order }));
            const base = Math.min(...open.map((w) => w.order));
            windowsInPriority(open, fromIndex).forEach((window, i) => q.order.run(base + i, runId, window));
            return true;
          })
          .immediate(),
      ),

    runWindows: (runId) => run('listing windows', () => q.windows.all(runId).map(rowToWindow)),
  };
}
