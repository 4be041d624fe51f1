import type { JobState, JobStatus, MachineScore, RevisionRecord, WindowClaim } from './types';

/** The rows both SQL adapters read: the columns are named alike in SQLite and in PostgreSQL. */

/**
 * The score an entry stores: both figures finite, else none (SQLite would turn NaN into NULL on one column only,
 * and a score with a hole in it means nothing).
 */
export function finiteScore(score: MachineScore | null | undefined): MachineScore | null {
  if (!score || !Number.isFinite(score.meanLogProb) || !Number.isFinite(score.minLogProb)) return null;
  return { meanLogProb: score.meanLogProb, minLogProb: score.minLogProb };
}

export interface JobRow {
  slug: string;
  model_id: string;
  status: JobStatus;
  done: number;
  total: number;
  error_code: string | null;
  error_message: string | null;
  updated_at: number;
  run_id: string | null;
}

/** A translation_jobs row as a JobState; absent optional fields are left out, as the memory store leaves them. */
export function rowToJobState(row: JobRow): JobState {
  const state: JobState = {
    slug: row.slug,
    modelId: row.model_id,
    status: row.status,
    done: row.done,
    total: row.total,
    updatedAt: row.updated_at,
  };
  if (row.error_code !== null) state.errorCode = row.error_code;
  if (row.error_message !== null) state.errorMessage = row.error_message;
  if (row.run_id !== null) state.runId = row.run_id;
  return state;
}

/** A JobState as the parameters of an upsert into translation_jobs. */
export function jobStateParams(state: JobState) {
  return {
    slug: state.slug,
    modelId: state.modelId,
    status: state.status,
    done: state.done,
    total: state.total,
    errorCode: state.errorCode ?? null,
    errorMessage: state.errorMessage ?? null,
    updatedAt: state.updatedAt,
    runId: state.runId ?? null,
  };
}

export interface RevisionRow {
  id: number;
  slug: string;
  paragraph_index: number;
  text: string;
  status: RevisionRecord['status'];
  author: string | null;
  created_at: number;
  base_revision_id: number | null;
  kind: RevisionRecord['kind'];
  source_text: string;
  source_hash: string;
  machine_text: string | null;
  model_id: string | null;
  client_save_id: string;
}

/** A revisions row as a RevisionRecord. */
export function rowToRevision(row: RevisionRow): RevisionRecord {
  return {
    id: row.id,
    slug: row.slug,
    paragraphIndex: row.paragraph_index,
    text: row.text,
    status: row.status,
    author: row.author,
    createdAt: row.created_at,
    baseRevisionId: row.base_revision_id,
    kind: row.kind,
    sourceText: row.source_text,
    sourceHash: row.source_hash,
    machineText: row.machine_text,
    modelId: row.model_id,
    clientSaveId: row.client_save_id,
  };
}

export interface WindowRow {
  run_id: string;
  window_no: number;
  claim_order: number;
  /** JSON text in SQLite, jsonb (already parsed) in PostgreSQL. */
  paragraphs: string | { index: number; keys: string[] }[];
  job_key: string | null;
  token: string | null;
  attempts: number;
  claimed_by: string | null;
  committed_by: string | null;
  committed_at: number | null;
}

/** A translation_windows row as a WindowRecord. */
export function rowToWindow(row: WindowRow) {
  return {
    runId: row.run_id,
    window: row.window_no,
    paragraphs: typeof row.paragraphs === 'string' ? JSON.parse(row.paragraphs) : row.paragraphs,
    jobKey: row.job_key,
    attempts: row.attempts,
    claimedBy: row.claimed_by,
    committedBy: row.committed_by,
    committedAt: row.committed_at,
  };
}

/** A claimed window's row as the claim a worker holds (token and attempt as the claim left them). */
export function rowToClaim(state: JobState, row: WindowRow): WindowClaim {
  return {
    runId: row.run_id,
    slug: state.slug,
    modelId: state.modelId,
    window: row.window_no,
    paragraphs: rowToWindow(row).paragraphs,
    token: row.token!,
    attempt: row.attempts,
  };
}
