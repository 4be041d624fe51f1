import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { upsertJobState, upsertTranslations } from './postgres-statements';
import { rowToClaim, rowToJobState, rowToWindow, type JobRow, type WindowRow } from './rows';
import { initialRunState, stateAfterCommit, windowsInPriority, type RunMethods } from './runs';
import type { JobState, RunNotice } from './types';

type Transaction = <T>(doing: string, fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/** Locks a running run's job row: every claim, commit and end of one run waits here for the one before it. */
async function lockRunning(client: pg.PoolClient, runId: string): Promise<JobState | undefined> {
  const { rows } = await client.query<JobRow>(
    `SELECT * FROM translation_jobs WHERE run_id = $1 AND status = 'running' FOR UPDATE`,
    [runId],
  );
  return rows[0] ? rowToJobState(rows[0]) : undefined;
}

/** Sends a notice's payloads inside the caller's transaction: they are delivered when (and if) it commits. */
async function sendNotice(client: pg.PoolClient, notice: RunNotice | undefined, state: JobState): Promise<void> {
  const payloads = notice?.payloads(state) ?? [];
  if (notice && payloads.length > 0)
    await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [notice.channel, payloads]);
}

/**
 * The PostgreSQL store's queued runs. Each method is one transaction that first locks the run's row in
 * translation_jobs (FOR UPDATE), so claims, commits and cancellations of one run are decided one after another
 * across every process, and a commit checks its claim's token under that lock: a worker whose window was claimed
 * again after it timed out writes nothing.
 */
export function postgresRuns(transaction: Transaction): RunMethods {
  return {
    startRun: (plan) =>
      transaction('starting a run', async (client) => {
        // Creates the row if the document has none, locks it either way (a no-op update takes the lock): two
        // instances starting the same document at once are decided here, one after the other.
        const { rows } = await client.query<JobRow>(
          `INSERT INTO translation_jobs (slug, model_id, status, done, total, updated_at) VALUES ($1, $2, 'done', 0, 0, 0)
           ON CONFLICT (slug, model_id) DO UPDATE SET slug = excluded.slug RETURNING *`,
          [plan.slug, plan.modelId],
        );
        const current = rows[0]!;
        if (current.status === 'running' && current.run_id) return { started: false, state: rowToJobState(current) };
        if (current.run_id) await client.query('DELETE FROM translation_windows WHERE run_id = $1', [current.run_id]);
        const state = initialRunState(plan);
        await upsertJobState(client, state);
        await client.query(
          `INSERT INTO translation_windows (run_id, window_no, claim_order, paragraphs)
           SELECT $1, n - 1, n - 1, p FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t (p, n)`,
          [plan.runId, JSON.stringify(plan.windows)],
        );
        return { started: true, state };
      }),

    claimWindow: (runId, jobKey, worker) =>
      transaction('claiming a window', async (client) => {
        const state = await lockRunning(client, runId);
        if (!state) {
          const known = await client.query('SELECT 1 FROM translation_windows WHERE run_id = $1 LIMIT 1', [runId]);
          return known.rows.length > 0 ? { status: 'none' as const } : { status: 'unknown' as const };
        }
        const bound = await client.query<WindowRow>(
          'SELECT * FROM translation_windows WHERE run_id = $1 AND job_key = $2',
          [runId, jobKey],
        );
        const mine = bound.rows[0];
        if (mine?.committed_by) return { status: 'committed' as const, window: rowToWindow(mine), state };
        const claimed = await client.query<WindowRow>(
          `UPDATE translation_windows SET job_key = $2, token = $3, claimed_by = $4, attempts = attempts + 1
           WHERE run_id = $1 AND window_no = COALESCE($5, (
             SELECT window_no FROM translation_windows WHERE run_id = $1 AND job_key IS NULL
             ORDER BY claim_order LIMIT 1))
           RETURNING *`,
          [runId, jobKey, randomUUID(), worker, mine?.window_no ?? null],
        );
        const row = claimed.rows[0];
        return row ? { status: 'claimed' as const, claim: rowToClaim(state, row) } : { status: 'none' as const };
      }),

    commitWindow: (claim, entries, worker, now, notice) =>
      transaction('committing a window', async (client) => {
        const state = await lockRunning(client, claim.runId);
        if (!state) return { ok: false as const, reason: 'ended' as const };
        const { rows } = await client.query<WindowRow>(
          'SELECT * FROM translation_windows WHERE run_id = $1 AND window_no = $2',
          [claim.runId, claim.window],
        );
        const row = rows[0];
        if (!row || row.token !== claim.token || row.committed_by)
          return { ok: false as const, reason: 'stale' as const };
        await upsertTranslations(client, claim.modelId, entries);
        const open = await client.query<{ open: number }>(
          `WITH done AS (
             UPDATE translation_windows SET committed_by = $3, committed_at = $4 WHERE run_id = $1 AND window_no = $2
           )
           SELECT count(*) AS open FROM translation_windows
           WHERE run_id = $1 AND committed_by IS NULL AND window_no <> $2`,
          [claim.runId, claim.window, worker, now],
        );
        const next = stateAfterCommit(state, rowToWindow(row).paragraphs.length, open.rows[0]?.open ?? 0, now);
        await upsertJobState(client, next);
        await sendNotice(client, notice, next);
        return { ok: true as const, state: next };
      }),

    endRun: (runId, status, now, failure, notice) =>
      transaction('ending a run', async (client) => {
        const state = await lockRunning(client, runId);
        if (!state) return undefined;
        const ended: JobState = { ...state, status, updatedAt: now };
        if (failure) Object.assign(ended, { errorCode: failure.code, errorMessage: failure.message });
        await upsertJobState(client, ended);
        await sendNotice(client, notice, ended);
        return ended;
      }),

    prioritizeRun: (runId, fromIndex) =>
      transaction('prioritizing a run', async (client) => {
        if (!(await lockRunning(client, runId))) return false;
        const { rows } = await client.query<WindowRow>(
          'SELECT * FROM translation_windows WHERE run_id = $1 AND job_key IS NULL',
          [runId],
        );
        if (rows.length === 0) return true;
        const base = Math.min(...rows.map((r) => r.claim_order));
        const order = windowsInPriority(rows.map(rowToWindow), fromIndex);
        await client.query(
          `UPDATE translation_windows w SET claim_order = $2 + o.n - 1
           FROM unnest($3::int[]) WITH ORDINALITY AS o (window_no, n)
           WHERE w.run_id = $1 AND w.window_no = o.window_no`,
          [runId, base, order],
        );
        return true;
      }),

    runWindows: (runId) =>
      transaction('listing windows', async (client) => {
        const { rows } = await client.query<WindowRow>(
          'SELECT * FROM translation_windows WHERE run_id = $1 ORDER BY window_no',
          [runId],
        );
        return rows.map(rowToWindow);
      }),
  };
}
