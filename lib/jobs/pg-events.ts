import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { describeLocation, explainPg, openClient, openPool, type PostgresLocation } from '../store/postgres-connection';
import { StoreError, type JobState, type RunNotice } from '../store/types';
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

/** An event too large for a notification: it is stored in a table and the notification refers to it. */
const isLarge = (w: { text: string }) => Buffer.byteLength(w.text) > MAX_PAYLOAD_BYTES;

/** The channel of a schema's events: instances on other schemas of the same database never hear them. */
export function eventChannel(location: PostgresLocation): string {
  return location.schema === 'public' ? 'paralelo_job_events' : `paralelo_job_events_${location.schema}`;
}

/**
 * JobEvents over PostgreSQL LISTEN/NOTIFY: what a worker publishes reaches the subscribers of every web instance on
 * the same database. One connection per handle listens (opened by the first subscribe, re-opened after it fails,
 * telling subscribers they may have missed events); publishing uses a small pool. The events of one publish are
 * sent in one transaction, so they arrive together and in order; notice() gives them to a store write instead, sent
 * in its transaction, so the events of one run arrive in the order its writes were committed.
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
    let client: pg.PoolClient | undefined;
    try {
      const wires = this.wires(slug, events);
      if (wires.some(isLarge)) await this.ensureTable();
      client = await this.pool.connect();
      await client.query('BEGIN');
      const payloads = await this.payloads(client, slug, wires);
      await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [this.channel, payloads]);
      await client.query('COMMIT');
    } catch (error) {
      await client?.query('ROLLBACK').catch(() => {});
      throw explainPg(error, this.location, 'publishing job events');
    } finally {
      client?.release();
    }
  }

  async notice(slug: string, events: readonly JobEvent[], after?: (state: JobState) => JobEvent[]): Promise<RunNotice> {
    this.check('publishing job events');
    const wires = this.wires(slug, events);
    let payloads: string[] = [];
    if (wires.length > 0) {
      // A large event is stored beforehand, in a transaction of its own: if the write is refused, it is only an
      // unread row, deleted with the other old ones.
      if (wires.some(isLarge)) await this.ensureTable();
      const client = await this.pool.connect().catch((error: unknown) => {
        throw explainPg(error, this.location, 'publishing job events');
      });
      try {
        payloads = await this.payloads(client, slug, wires);
      } catch (error) {
        throw explainPg(error, this.location, 'publishing job events');
      } finally {
        client.release();
      }
    }
    return {
      channel: this.channel,
      payloads: (state) => [...payloads, ...this.wires(slug, after?.(state) ?? []).map((w) => w.text)],
    };
  }

  /** Each event with a distinct name (n): PostgreSQL folds identical notifications of one transaction into one. */
  private wires(slug: string, events: readonly JobEvent[]): { wire: Wire & { e: JobEvent }; text: string }[] {
    return events.map((e) => {
      const wire = { s: slug, n: `${this.instance}.${++this.sequence}`, e };
      return { wire, text: JSON.stringify(wire) };
    });
  }

  /** The notification payloads of events: inline, or for a large one a reference to the row it is stored in. */
  private async payloads(
    client: pg.PoolClient,
    slug: string,
    wires: readonly { wire: Wire & { e: JobEvent }; text: string }[],
  ): Promise<string[]> {
    const payloads: string[] = [];
    for (const w of wires) {
      if (!isLarge(w)) {
        payloads.push(w.text);
        continue;
      }
      const { rows } = await client.query<{ id: number }>(
        `WITH old AS (DELETE FROM paralelo_event_payloads WHERE created_at < now() - interval '${SPILL_KEEP}')
         INSERT INTO paralelo_event_payloads (payload) VALUES ($1) RETURNING id`,
        [JSON.stringify(w.wire.e)],
      );
      payloads.push(JSON.stringify({ s: slug, n: w.wire.n, ref: rows[0]!.id } satisfies Wire));
    }
    return payloads;
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
