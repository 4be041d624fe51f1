import { StoreError } from '../store/types';
import { deliver, type JobEvent, type JobEvents, type JobListener } from './types';

/** Where in-process handles meet: one per process, as a database file is one per machine. */
export interface EventBus {
  listeners: Map<string, Set<JobListener>>;
}

/** A new, empty bus. */
export function createEventBus(): EventBus {
  return { listeners: new Map() };
}

/**
 * JobEvents inside one process: publish calls every subscriber of the document before it returns. The embedded
 * default, where the jobs run in the same process as the streams that show them.
 */
export class InProcessJobEvents implements JobEvents {
  readonly kind = 'in-process' as const;
  private readonly mine = new Set<{ slug: string; listener: JobListener }>();
  private closed = false;

  constructor(private readonly bus: EventBus = createEventBus()) {}

  async subscribe(slug: string, listener: JobListener): Promise<() => void> {
    this.check('subscribing to job events');
    let set = this.bus.listeners.get(slug);
    if (!set) this.bus.listeners.set(slug, (set = new Set()));
    // A wrapper per subscription: the same function subscribed twice is two subscriptions.
    const entry = { slug, listener: (event: JobEvent) => listener(event) };
    set.add(entry.listener);
    this.mine.add(entry);
    return () => this.drop(entry);
  }

  async publish(slug: string, events: readonly JobEvent[]): Promise<void> {
    this.check('publishing job events');
    this.publishNow(slug, events);
  }

  /** publish, synchronously: TranslationJobs hands its events over as it emits them. */
  publishNow(slug: string, events: readonly JobEvent[]): void {
    const set = this.bus.listeners.get(slug);
    if (!set) return;
    // Copy: a listener may unsubscribe while we iterate.
    for (const event of events) for (const listener of [...set]) deliver(listener, event);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of [...this.mine]) this.drop(entry);
  }

  private drop(entry: { slug: string; listener: JobListener }): void {
    this.mine.delete(entry);
    const set = this.bus.listeners.get(entry.slug);
    set?.delete(entry.listener);
    if (set?.size === 0) this.bus.listeners.delete(entry.slug);
  }

  private check(doing: string): void {
    if (this.closed) throw new StoreError('closed', `${doing}: the job events handle is closed`);
  }
}
