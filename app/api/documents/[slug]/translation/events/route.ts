import { guard } from '../../../../_shared/access';
import { apiError, checkSlug, guarded } from '../../../../_shared/respond';
import { PAGE_SIZE } from '@/components/common/view-mode';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import { loadSourceDocument, recentTranslationSummary, viewSelected } from '@/lib/documents/open-document';
import type { JobEvent } from '@/lib/documents/translation-job';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

function rangeParam(value: string | null, fallback: number): number {
  return value !== null && /^\d{1,7}$/.test(value) ? Number(value) : fallback;
}

/** ?only=3,17,250: the page's own paragraphs (at most a page of them), or null when absent or malformed. */
function onlyParam(value: string | null): number[] | null {
  if (value === null || !/^\d{1,7}(,\d{1,7}){0,99}$/.test(value)) return null;
  return value.split(',').map(Number);
}

/**
 * GET ?from=&to= (or ?only=i,j,…): Server-Sent Events of the document's translation. First the paragraphs of
 * [from, to] (or those listed) already stored, so nothing finished between page render and connection is missed,
 * then live events until the job ends.
 */
export function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const { slug } = await params;
    const bad = checkSlug(slug);
    if (bad) return bad;
    const url = new URL(request.url);
    const only = onlyParam(url.searchParams.get('only'));
    const from = rangeParam(url.searchParams.get('from'), 0);
    const to = Math.min(rangeParam(url.searchParams.get('to'), from + PAGE_SIZE - 1), from + 10 * PAGE_SIZE);
    const wanted = only ? new Set(only) : null;
    const isWanted = (index: number) => (wanted ? wanted.has(index) : index >= from && index <= to);
    const ctx = await getAppContext();
    const loaded = await loadSourceDocument(ctx.content, slug);
    if (!loaded.ok) return apiError(loaded.code === 'not_found' ? 'not_found' : 'unprocessable', loaded.message);
    const doc = loaded.document;
    const deps = await documentDeps(ctx);
    const encoder = new TextEncoder();
    let cleanup = () => {};

    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        let closed = false;
        // The replay (stored paragraphs, progress, maybe the end) goes out as one chunk: a write per event was most
        // of what opening a stream cost the server's thread once the document was parsed (200 opens at once).
        let replay: string[] | null = [];
        const flush = () => {
          if (!closed && replay && replay.length > 0) controller.enqueue(encoder.encode(replay.join('')));
          replay = null;
        };
        const send = (event: string, data: unknown) => {
          if (closed) return;
          const chunk = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
          if (replay) replay.push(chunk);
          else controller.enqueue(encoder.encode(chunk));
        };
        const close = () => {
          if (closed) return;
          flush();
          closed = true;
          cleanup();
          controller.close();
        };
        const buffered: JobEvent[] = [];
        let live = false;
        const deliver = (event: JobEvent) => {
          if (event.type === 'paragraph' && !isWanted(event.index)) return;
          send(event.type, event);
          if (event.type === 'done' || event.type === 'cancelled' || event.type === 'failed') close();
        };
        // Events may have been missed when the subscription is interrupted: the stream closes, and the reader's
        // EventSource reconnects and reads the stored paragraphs again.
        const unsubscribe = await ctx.events.subscribe(
          slug,
          (event) => (live ? deliver(event) : buffered.push(event)),
          { onInterrupted: () => close() },
        );
        const heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), HEARTBEAT_MS);
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        request.signal.addEventListener('abort', close);

        // The paragraphs asked for, and the whole document's progress only when no job gives it: opening a stream
        // costs what it sends, not a pass over the book.
        const paragraphs = await viewSelected(deps, doc, only ? { indices: only } : { from, to });
        // What a paragraph event carries is the machine's output (the client offers it beside a human text as a
        // suggestion): a paragraph's current English may be a person's, and replaying that as the machine's made a
        // job that ended before the stream opened look as if it had suggested nothing new.
        for (const p of paragraphs) {
          if (isWanted(p.index) && p.machine) {
            send('paragraph', { type: 'paragraph', index: p.index, targets: p.machine.sentences, cached: true });
          }
        }
        const status = await ctx.queue.status(slug);
        const snapshot = status && !status.interrupted ? status : undefined;
        const summary = snapshot && snapshot.status === 'running' ? null : await recentTranslationSummary(deps, doc);
        send('progress', {
          type: 'progress',
          done: snapshot?.done ?? summary?.done ?? 0,
          total: snapshot?.total ?? summary?.total ?? doc.paragraphs.length,
        });
        live = true;
        for (const event of buffered.splice(0)) deliver(event);
        if (!closed && (!snapshot || snapshot.status !== 'running')) {
          if (snapshot?.status === 'failed') {
            send('failed', {
              type: 'failed',
              code: snapshot.errorCode ?? 'internal',
              message: snapshot.errorMessage ?? '',
            });
          } else if (snapshot?.status === 'cancelled') send('cancelled', { type: 'cancelled' });
          else {
            const complete = summary !== null && summary.done === summary.total;
            send(complete ? 'done' : 'idle', { type: complete ? 'done' : 'idle' });
          }
          close();
        }
        flush(); // a running job's stream stays open: live events follow the replay one by one
      },
      cancel: () => cleanup(),
    });

    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  });
}
