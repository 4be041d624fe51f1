import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { describeLocation, explainPg, openClient, type PostgresLocation } from '../store/postgres-connection';

/** A queued window job's data: which run, and its slot (the n-th window job of the run, 0 first). */
export interface WindowJobData {
  runId: string;
  slug: string;
  modelId: string;
  slot: number;
}

/** Whether a job's data is a window job's (it comes from the database: checked, not assumed). */
export function isWindowJob(data: unknown): data is WindowJobData {
  const d = data as Partial<WindowJobData> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.runId === 'string' &&
    typeof d.slug === 'string' &&
    typeof d.modelId === 'string' &&
    Number.isSafeInteger(d.slot)
  );
}

/**
 * Tries per window job after the first: a worker killed or timed out holding it, or a failure that may pass (the
 * database restarted). After the last, the job goes to the failed queue and its run is marked failed.
 */
export const WINDOW_RETRIES = 5;

/** pg-boss, started on Paralelo's database, with the window queue of one model and its dead-letter queue. */
export interface BossHandle {
  boss: PgBoss;
  /** The window jobs of this model. */
  queue: string;
  /** Where pg-boss moves a window job after its last try. */
  failedQueue: string;
  stop(options?: { graceful?: boolean }): Promise<void>;
}

/** pg-boss's own schema beside Paralelo's: pgboss for public, else <schema>_pgboss. */
export function bossSchema(location: PostgresLocation): string {
  return location.schema === 'public' ? 'pgboss' : `${location.schema}_pgboss`;
}

/** pg-boss accepts letters, digits, _ and - in a queue name; a model id has slashes, so a hash keeps it unique. */
export function queueNames(modelId: string): { queue: string; failedQueue: string } {
  const readable = modelId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  const hash = createHash('sha1').update(modelId).digest('hex').slice(0, 8);
  const queue = `translate-${readable}-${hash}`;
  return { queue, failedQueue: `${queue}-failed` };
}

/**
 * The id of a run's slot-th window job, the same wherever it is computed: a web instance cancelling a run that
 * another one started finds its jobs without having kept their ids. A UUID (version 5 layout) from a hash.
 */
export function windowJobId(runId: string, slot: number): string {
  const hex = createHash('sha1').update(`paralelo-window\u0000${runId}\u0000${slot}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Starts pg-boss on the location and creates the model's queues: a window job expires (and is retried elsewhere)
 * `timeoutSeconds` after a worker took it, found by maintenance that runs every fifth of that. Two processes
 * starting at once on a new database would both try to create pg-boss's schema: an advisory lock makes them take
 * turns.
 */
export async function openBoss(
  location: PostgresLocation,
  options: { modelId: string; timeoutSeconds: number; poolSize?: number },
): Promise<BossHandle> {
  const { queue, failedQueue } = queueNames(options.modelId);
  const boss = new PgBoss({
    connectionString: location.url,
    schema: bossSchema(location),
    max: options.poolSize ?? 4,
    application_name: 'paralelo queue',
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.round(options.timeoutSeconds / 5))),
  });
  let warned = '';
  boss.on('error', (error: Error) => {
    // pg-boss retries on its own; repeat a warning only when it changes.
    if (error.message === warned) return;
    warned = error.message;
    console.warn(`[paralelo:queue] pg-boss on ${describeLocation(location)}: ${error.message}`);
  });
  const lock = openClient(location, 'paralelo queue setup');
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('paralelo.pgboss.' || $1))`, [bossSchema(location)]);
    await boss.start();
    const settings = {
      retryLimit: WINDOW_RETRIES,
      retryDelay: 1,
      expireInSeconds: options.timeoutSeconds,
      deadLetter: failedQueue,
    };
    await boss.createQueue(failedQueue, { name: failedQueue });
    await boss.createQueue(queue, { name: queue, ...settings });
    // createQueue keeps an existing queue as it is: a changed PARALELO_JOB_TIMEOUT_SECONDS applies from here.
    await boss.updateQueue(queue, { name: queue, ...settings });
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw explainPg(error, location, 'starting the job queue');
  } finally {
    await lock.end().catch(() => {});
  }
  return {
    boss,
    queue,
    failedQueue,
    stop: ({ graceful = true } = {}) => boss.stop({ graceful, wait: true, timeout: 10_000 }),
  };
}
