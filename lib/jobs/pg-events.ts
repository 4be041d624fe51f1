import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { describeLocation, explainPg, openClient, openPool, type PostgresLocation } from '../store/postgres-connection';
import { StoreError } from '../store/types';
import { deliver, type JobEvent, type JobEvents, type JobListener } from './types';

/** NOTIFY payloads must stay under 8000 bytes; a larger event (a long paragraph's English) goes through a table. */
const MAX_PAYLOAD_BYTES = 7000;
/** How long a spilled event waits to be read by every instance before it is deleted. */
const SPILL_KEEP = '10 minutes';
/** Waits between attempts to listen again after the connection was lost, in milliseconds. */
const RECONNECT_DELAYS = [250, 1000, 2000, 5000, 10_000];

interface Subscription {
  slug: string;
  listener: JobListener;
  onInterrupted?: () => void;
}

/** What a notification carries: the slug and the event, or a reference to the spilled event. */
type Wire = { s: string; n: string; e: JobEvent } | { s: string; n: string; ref: number };

/** The channel of a schema's events: instances on other schemas of the same database never hear them. */
export function eventChannel(location: PostgresLocation): string {
  return location.schema === 'public' ? 'paralelo_job_events' : `paralelo_job_events_${location.schema}`;
}

/**
 * JobEvents over PostgreSQL LISTEN/NOTIFY: what a worker publishes reaches the subscribers of every web instance on
 * the same database. One connection per handle listens (opened by the first subscribe, re-opened after it fails,
 * telling subscribers they may have missed events); publishing uses a small pool. The events of one publish are
 * sent in one transaction, so they arrive together and in order.
 */
export class PgJobEvents implements JobEvents {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly channel: string;
  private readonly subscriptions = new Set<Subscription>();
  private listening: Promise<pg.Client> | null = null;
  private closed = false;
  private sequence = 0;
  private readonly instance = randomUUID().slice(0, 8);
  /** Notifications are handled one after another, so a spilled event read back keeps its place. */
  private chain: Promise<void> = Promise.resolve();
  private tableReady: Promise<void> | null = null;

  constructor(private readonly location: PostgresLocation) {
    this.pool = openPool(location, { max: 2, applicationName: 'paralelo events' });
    this.channel = eventChannel(location);
  }

  async subscribe(
    slug: string,
    listener: JobListener,
    options: { onInterrupted?: () => void } = {},
  ): Promise<() => void> {
    this.check('subscribing to job events');
    await this.listen();
    const subscription: Subscription = { slug, listener, ...options };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  async publish(slug: string, events: readonly JobEvent[]): Promise<void> {
    this.check('publishing job events');
    if (events.length === 0) return;
    // Each payload is distinct (n): PostgreSQL folds identical notifications of one transaction into one.
    const wires = events.map((e) => ({ s: slug, n: `${this.instance}.${++this.sequence}`, e }));
    const inline = wires.map((w) => JSON.stringify(w));
    const large = inline.some((text) => Buffer.byteLength(text) > MAX_PAYLOAD_BYTES);
    let client: pg.PoolClient | undefined;
    try {
      if (large) await this.ensureTable();
      client = await this.pool.connect();
      await client.query('BEGIN');
      const payloads: string[] = [];
      for (const [i, text] of inline.entries()) {
        if (Buffer.byteLength(text) <= MAX_PAYLOAD_BYTES) {
          payloads.push(text);
          continue;
        }
        const { rows } = await client.query<{ id: number }>(
          `WITH old AS (DELETE FROM paralelo_event_payloads WHERE created_at < now() - interval '${SPILL_KEEP}')
           INSERT INTO paralelo_event_payloads (payload) VALUES ($1) RETURNING id`,
          [JSON.stringify(wires[i]!.e)],
        );
        payloads.push(JSON.stringify({ s: slug, n: wires[i]!.n, ref: rows[0]!.id } satisfies Wire));
      }
      await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [this.channel, payloads]);
      await client.query('COMMIT');
    } catch (error) {
      await client?.query('ROLLBACK').catch(() => {});
      throw explainPg(error, this.location, 'publishing job events');
    } finally {
      client?.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscriptions.clear();
    const listening = this.listening;
    this.listening = null;
    await listening?.then((c) => c.end()).catch(() => {});
    await this.chain.catch(() => {});
    await this.pool.end().catch(() => {});
  }

  private check(doing: string): void {
    if (this.closed) {
      throw new StoreError('closed', `${doing}: the job events of ${describeLocation(this.location)} are closed`);
    }
  }

  /** The listening connection, opened on first use. */
  private listen(): Promise<pg.Client> {
    if (!this.listening) {
      const opening = this.connect();
      this.listening = opening;
      // A failed first connection is not kept: the next subscribe tries again.
      opening.catch(() => {
        if (this.listening === opening) this.listening = null;
      });
    }
    return this.listening;
  }

  private async connect(): Promise<pg.Client> {
    const client = openClient(this.location, 'paralelo events listener');
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload) this.receive(message.payload);
    });
    let lost = false;
    const onLost = () => {
      if (lost || this.closed) return;
      lost = true;
      client.end().catch(() => {});
      this.listening = null;
      for (const s of [...this.subscriptions]) s.onInterrupted?.();
      void this.reconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      lost = true;
      await client.end().catch(() => {});
      throw explainPg(error, this.location, 'listening for job events');
    }
    return client;
  }

  /** Listens again after a lost connection, waiting longer after each failed attempt; stops once closed. */
  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closed && !this.listening; attempt++) {
      await new Promise((r) => setTimeout(r, RECONNECT_DELAYS[Math.min(attempt, RECONNECT_DELAYS.length - 1)]));
      if (this.closed || this.listening || this.subscriptions.size === 0) return;
      await this.listen().catch(() => {});
    }
  }

  private receive(payload: string): void {
    this.chain = this.chain.then(async () => {
      let wire: Wire;
      try {
        wire = JSON.parse(payload) as Wire;
      } catch {
        return;
      }
      const mine = [...this.subscriptions].filter((s) => s.slug === wire.s);
      if (mine.length === 0) return;
      const event = 'e' in wire ? wire.e : await this.readSpilled(wire.ref);
      if (!event) return;
      for (const s of mine) if (this.subscriptions.has(s)) deliver(s.listener, event);
    });
  }

  private async readSpilled(id: number): Promise<JobEvent | null> {
    try {
      const { rows } = await this.pool.query<{ payload: string }>(
        'SELECT payload FROM paralelo_event_payloads WHERE id = $1',
        [id],
      );
      return rows[0] ? (JSON.parse(rows[0].payload) as JobEvent) : null;
    } catch {
      // The event is lost to this instance: its subscribers are told to read the stored state again.
      for (const s of [...this.subscriptions]) s.onInterrupted?.();
      return null;
    }
  }

  /** Creates the table of spilled events once per handle (an advisory lock keeps two processes from colliding). */
  private ensureTable(): Promise<void> {
    this.tableReady ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('paralelo.event-payloads.' || current_schema()))`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS paralelo_event_payloads (
             id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
             payload    text        NOT NULL,
             created_at timestamptz NOT NULL DEFAULT now()
           )`,
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.tableReady = null;
      throw error;
    });
    return this.tableReady;
  }
}
