import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from './fuzz-routes';
import { call, type RouteHandler } from './requests';

// The handlers read their configuration from the environment once, on first use: the workspace comes first.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-events-'));
makeWorkspace(work);
let events: RouteHandler;

beforeAll(async () => {
  events = (await import('../../../app/api/documents/[slug]/translation/events/route')).GET as RouteHandler;
  // The first paragraph of faro (its heading is paragraph 0) translated by the configured model.
  const { getAppContext } = await import('../../../lib/documents/context');
  const ctx = await getAppContext();
  await ctx.store.putMachineTranslations(ctx.config.modelId, [{ sourceKey: 'El faro', target: 'The lighthouse' }]);
});
afterAll(async () => {
  const { closeHeavyPool } = await import('../../../lib/heavy/pool');
  await closeHeavyPool();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Every chunk of a response body as text, in order. */
async function chunks(res: Response): Promise<string[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return seen;
    seen.push(decoder.decode(value));
  }
}

describe('GET /api/documents/:slug/translation/events', () => {
  it('sends the replay of a document without a job as one chunk: stored paragraphs, progress, the end', async () => {
    const res = await call(events, { path: '/api/documents/faro/translation/events?only=0,1' }, { slug: 'faro' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await chunks(res);
    // One write per event was most of what an open cost the server once the document was parsed (bench:load).
    expect(body).toHaveLength(1);
    const names = [...body[0]!.matchAll(/^event: (\w+)$/gmu)].map((m) => m[1]);
    expect(names).toEqual(['paragraph', 'progress', 'idle']);
    expect(body[0]).toContain('"targets":["The lighthouse"]');
  });
});
