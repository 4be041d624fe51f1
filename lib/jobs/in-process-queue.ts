import type { TranslationJobs } from '../documents/translation-job';
import type { Store } from '../store/types';
import type { JobDocument, JobQueue, JobSnapshot } from './types';

/**
 * The embedded default: jobs run inside this process (lib/documents/translation-job.ts), as Paralelo always did
 * with SQLite. A job that was running when the process stopped is reported as interrupted, not resumed.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;

  constructor(
    private readonly jobs: TranslationJobs,
    private readonly store: Store,
    private readonly modelId: string,
  ) {}

  async start(doc: JobDocument, options: { priorityFrom?: number } = {}): Promise<JobSnapshot> {
    return this.jobs.start(doc, options);
  }

  async cancel(slug: string): Promise<boolean> {
    return this.jobs.cancel(slug);
  }

  async status(slug: string): Promise<JobSnapshot | undefined> {
    return this.jobs.status(slug);
  }

  async statuses(): Promise<Map<string, JobSnapshot>> {
    const all = new Map<string, JobSnapshot>();
    for (const stored of await this.store.listJobStates(this.modelId)) {
      all.set(stored.slug, stored.status === 'running' ? { ...stored, interrupted: true } : stored);
    }
    // What runs here is the truth, also for a job whose first state write has not landed yet.
    for (const [slug, live] of this.jobs.snapshots()) all.set(slug, live);
    return all;
  }

  /** Cancels what runs here: nothing survives this process anyway. */
  async close(): Promise<void> {
    await this.jobs.close();
  }
}
