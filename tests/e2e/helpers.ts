import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { PORT_WITH_MODEL } from './ports';

/** The content folder of the e2e server on a port (a copy of content/ made by tests/e2e/serve.ts). */
export function contentDirOf(port: number = PORT_WITH_MODEL): string {
  return path.resolve(__dirname, '../../test-results', `e2e-server-${port}`, 'content');
}

export const SEED = 'kim-jong-un-putin';

/**
 * The Origin a page of the server on `port` sends with its writes: API calls made from a test (not from a page)
 * carry it, as the app's own page would; the server refuses writes from any other origin (issue 14).
 */
export function ownOrigin(port: number = PORT_WITH_MODEL): { origin: string } {
  return { origin: `http://127.0.0.1:${port}` };
}
export const SEED_TITLE = /Kim Jong-un promete a Putin/;

/** No WCAG 2.1 A/AA violation on the page as it is now; `what` names the state checked in the failure. */
export async function axeClean(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    what,
  ).toEqual([]);
}
