import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { contentDirOf, ownOrigin } from './helpers';

/**
 * Review progress and "Next to review", on documents of their own (sentences found nowhere else, so no other
 * test's revisions or memory reach them).
 */
const SLUG = 'review-e2e';
const FILE = path.join(contentDirOf(), `${SLUG}.md`);
const DOC = `---
title: Prueba de la revisión
lang: es
---

La panadería de la esquina abre antes del amanecer todos los días del año.

El panadero amasa la harina con agua del manantial que baja de la sierra.

Los primeros clientes son los conductores del autobús nocturno.

A media mañana se acaban las empanadas de atún y las rosquillas de anís.

Por la tarde, los niños compran pan dulce al salir de la escuela.
`;

const BOOK_SLUG = 'review-pages-e2e';
const BOOK_FILE = path.join(contentDirOf(), `${BOOK_SLUG}.md`);
const BOOK = `---
title: Libro largo de la revisión
lang: es
---

${Array.from({ length: 102 }, (_, i) => `Renglón ${i + 1} del cuaderno de bitácora del velero Gaviota.`).join('\n\n')}
`;

const FLOW_SLUG = 'review-flow-e2e';
const FLOW_FILE = path.join(contentDirOf(), `${FLOW_SLUG}.md`);
const FLOW = `---
title: Revisión con el teclado
lang: es
---

El tranvía azul sube la colina cada doce minutos.

En la última parada hay un quiosco de periódicos atendido por dos hermanas.

Desde el mirador se ven los tejados rojos del barrio antiguo.
`;

const FILTER_SLUG = 'review-filter-e2e';
const FILTER_FILE = path.join(contentDirOf(), `${FILTER_SLUG}.md`);
const FILTER = `---
title: Diario de la expedición
lang: es
---

${Array.from({ length: 105 }, (_, i) => `Entrada ${i + 1} del diario de la expedición al glaciar del sur.`).join('\n\n')}
`;

const DONE_SLUG = 'review-done-e2e';
const DONE_FILE = path.join(contentDirOf(), `${DONE_SLUG}.md`);
const DONE = `---
title: Todo aprobado
lang: es
---

La cigüeña volvió al campanario de la iglesia en febrero.

Su nido pesa más que un hombre adulto.
`;

const box = (page: Page, n: number) =>
  page.getByRole('textbox', { name: `English translation of paragraph ${n}`, exact: true });
const announcer = (page: Page) => page.getByTestId('editor-announcer');
const reviewBar = (page: Page) => page.getByRole('region', { name: 'Review progress' });

/** Approves paragraph `index` (0-based) through the public API, as another person would. */
async function approve(request: APIRequestContext, index: number, text: string, slug = SLUG) {
  const url = `/api/documents/${slug}/paragraphs/${index}`;
  const current = await request.get(url);
  expect(current.status()).toBe(200);
  const res = await request.put(url, {
    headers: { 'if-match': current.headers()['etag']!, ...ownOrigin() },
    data: { text, status: 'approved', clientSaveId: `review-e2e-${index}-${Date.now()}` },
  });
  expect(res.status()).toBe(201);
}

test.describe('review progress', () => {
  test.beforeAll(() => {
    fs.writeFileSync(FILE, DOC);
    fs.writeFileSync(BOOK_FILE, BOOK);
    fs.writeFileSync(FLOW_FILE, FLOW);
    fs.writeFileSync(FILTER_FILE, FILTER);
    fs.writeFileSync(DONE_FILE, DONE);
  });
  test.afterAll(() => {
    fs.rmSync(FILE, { force: true });
    fs.rmSync(BOOK_FILE, { force: true });
    fs.rmSync(FLOW_FILE, { force: true });
    fs.rmSync(FILTER_FILE, { force: true });
    fs.rmSync(DONE_FILE, { force: true });
  });

  test('counts approvals, and "Next to review" opens the next paragraph nobody approved, wrapping', async ({
    page,
  }) => {
    await page.goto(`/en/read/${SLUG}`);
    await expect(reviewBar(page)).toContainText('0 of 5 paragraphs approved');
    const next = reviewBar(page).getByRole('button', { name: 'Next to review' });

    // From the top: paragraph 1. Approve it in the editor.
    await next.click();
    await expect(box(page, 1)).toBeFocused();
    await box(page, 1).fill('The corner bakery opens before dawn every day of the year.');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(announcer(page)).toHaveText('Paragraph 1 saved (approved).');
    await expect(reviewBar(page)).toContainText('1 of 5 paragraphs approved');

    // From the open editor: paragraph 2. An edit is progress, but not an approval.
    await next.click();
    await expect(box(page, 2)).toBeFocused();
    await box(page, 2).fill('The baker kneads the flour with spring water.');
    await page.keyboard.press('Control+Enter');
    await expect(announcer(page)).toHaveText('Paragraph 2 saved (edited).');
    await expect(reviewBar(page)).toContainText('1 of 5 paragraphs approved · 1 edited, not approved yet');
    await next.click();
    await expect(box(page, 3)).toBeFocused();
    await page.keyboard.press('Escape');

    // Someone else approves 3 to 5; after a reload the counts are the whole document's, and the search wraps
    // from the top to the edited paragraph 2, skipping the approved 1.
    for (const index of [2, 3, 4]) await approve(page.request, index, `Approved English of paragraph ${index + 1}.`);
    await page.reload();
    await expect(reviewBar(page)).toContainText('4 of 5 paragraphs approved · 1 edited, not approved yet');
    await next.click();
    await expect(box(page, 2)).toBeFocused();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(announcer(page)).toHaveText('Paragraph 2 saved (approved).');
    await expect(reviewBar(page)).toContainText('5 of 5 paragraphs approved');
    await page.keyboard.press('Escape');
    await next.click();
    await expect(announcer(page)).toHaveText('Every paragraph of this document is approved.');
    await expect(page.getByRole('textbox')).toHaveCount(0);

    // The API gives the same summary, for any range of paragraphs.
    const api = await page.request.get(`/api/documents/${SLUG}?from=0&to=0`);
    expect(((await api.json()) as { review: unknown }).review).toEqual({
      total: 5,
      approved: 5,
      edited: 0,
      pending: [],
    });

    // The library shows it too, in both languages.
    await page.goto('/en');
    const item = page.getByRole('listitem').filter({ hasText: 'Prueba de la revisión' });
    await expect(item.getByTestId('review-status')).toHaveText('5 of 5 paragraphs approved');
    await page.goto('/es');
    await expect(
      page.getByRole('listitem').filter({ hasText: 'Prueba de la revisión' }).getByTestId('review-status'),
    ).toHaveText('5 de 5 párrafos aprobados');
  });

  test('keyboard: Alt+Enter approves and opens the next paragraph to review, to the last one', async ({ page }) => {
    await page.goto(`/en/read/${FLOW_SLUG}`);
    await expect(page.getByText('3 of 3 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    await reviewBar(page).getByRole('button', { name: 'Next to review' }).click();
    await expect(box(page, 1)).toBeFocused();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('The blue tram climbs the hill every twelve minutes.');
    await page.keyboard.press('Alt+Enter');
    await expect(box(page, 2)).toBeFocused();
    await expect(reviewBar(page)).toContainText('1 of 3 paragraphs approved');
    // The button does the same; so does approving a text left as it was.
    await page.getByRole('button', { name: 'Approve and next to review' }).click();
    await expect(box(page, 3)).toBeFocused();
    await page.keyboard.press('Alt+Enter');
    await expect(announcer(page)).toHaveText('Every paragraph of this document is approved.');
    await expect(page.getByRole('textbox')).toHaveCount(0);
    await expect(page.getByRole('group', { name: 'English, paragraph 3', exact: true })).toBeFocused();
    await expect(reviewBar(page)).toContainText('3 of 3 paragraphs approved');
    const revisions = await page.request.get(`/api/documents/${FLOW_SLUG}/paragraphs/1/revisions`);
    expect(((await revisions.json()) as { revisions: { status: string }[] }).revisions).toMatchObject([
      { status: 'approved' },
    ]);
  });

  test('on the last row of a page, "Next to review" goes to the next page and opens that paragraph', async ({
    page,
  }) => {
    await page.goto(`/es/read/${BOOK_SLUG}?view=side`);
    const bar = page.getByRole('region', { name: 'Progreso de la revisión' });
    await expect(bar).toContainText('0 de 102 párrafos aprobados');
    // End moves the rows' Tab stop to the last paragraph of the page (100).
    await page.getByRole('group', { name: 'Inglés, párrafo 1', exact: true }).focus();
    await page.keyboard.press('End');
    await expect(page.getByRole('group', { name: 'Inglés, párrafo 100', exact: true })).toBeFocused();
    await bar.getByRole('button', { name: 'Siguiente por revisar' }).click();
    await expect(page).toHaveURL(/[?&]page=2&review=1#p-100$/);
    // The editor is open there, as on the same page.
    await expect(
      page.getByRole('textbox', { name: 'Traducción al inglés del párrafo 101', exact: true }),
    ).toBeFocused();
    await expect(page.locator('li#p-100')).toBeInViewport();
    await expect(page.getByRole('region', { name: 'Progreso de la revisión' })).toContainText(
      '0 de 102 párrafos aprobados',
    );
  });

  test('lists only the paragraphs to review, page by page, and back to all of them', async ({ page }) => {
    for (const index of [0, 1, 2]) {
      await approve(page.request, index, `Entry ${index + 1} of the expedition diary.`, FILTER_SLUG);
    }
    await page.goto(`/en/read/${FILTER_SLUG}?view=side`);
    await expect(page.getByText('105 of 105 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    // A page of paragraphs to review asks the event stream for its own paragraphs only, however far apart.
    const stream = await page.request.get(`/api/documents/${FILTER_SLUG}/translation/events?only=3,104`);
    const streamed = [...(await stream.text()).matchAll(/event: paragraph\ndata: (\{.*\})/g)].map(
      (m) => (JSON.parse(m[1]!) as { index: number }).index,
    );
    expect(streamed).toEqual([3, 104]);
    await expect(reviewBar(page)).toContainText('3 of 105 paragraphs approved');
    await reviewBar(page).getByRole('link', { name: 'Show only the paragraphs to review (102)' }).click();
    await expect(page).toHaveURL(/[?&]show=review/);
    const rows = page.getByRole('list', { name: /^Paragraphs of/ }).getByRole('listitem');
    await expect(rows).toHaveCount(100);
    await expect(page.locator('li#p-0, li#p-1, li#p-2')).toHaveCount(0);
    await expect(rows.first()).toHaveAttribute('id', 'p-3');
    // The list has gaps, so each row shows its paragraph's number.
    await expect(rows.first().locator('.row-number')).toHaveText('Paragraph 4');
    await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText(
      'Paragraphs to review: 1 to 100 of 102',
    );
    await expect(reviewBar(page)).toContainText('Those you approve stay here until the page reloads.');

    // From the last row, the next paragraph to review (104) is on the second page: the link names the paragraph
    // (?at=), and the server finds its page in the list as it is when the link is followed.
    await page.getByRole('group', { name: 'English, paragraph 103', exact: true }).focus();
    await reviewBar(page).getByRole('button', { name: 'Next to review' }).click();
    await expect(page).toHaveURL(/[?&]show=review&at=103&review=1#p-103$/);
    await expect(box(page, 104)).toBeFocused();
    await expect(rows).toHaveCount(2);
    await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('101 to 102 of 102');

    // Approving keeps the paragraph listed until the page reloads; the editor goes on to the next one.
    await page.keyboard.press('Alt+Enter');
    await expect(box(page, 105)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(rows).toHaveCount(2);
    await expect(reviewBar(page)).toContainText('4 of 105 paragraphs approved');
    await page.getByRole('link', { name: 'Previous page' }).click();
    await expect(rows).toHaveCount(100);
    await expect(rows.first()).toHaveAttribute('id', 'p-3');
    await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('1 to 100 of 101');

    // The second page holds the rest, and Spanish names it too.
    await page.goto(`/es/read/${FILTER_SLUG}?view=side&show=review&page=2`);
    await expect(page.getByRole('navigation', { name: 'Páginas' })).toContainText(
      'Párrafos por revisar: 101 a 101 de 101',
    );
    await expect(page.locator('li.row')).toHaveCount(1);
    await expect(page.locator('li#p-104')).toBeVisible();

    // Back to every paragraph: the page of the paragraph the reader was on.
    await page.getByRole('group', { name: 'Inglés, párrafo 105', exact: true }).focus();
    await page.getByRole('link', { name: 'Mostrar todos los párrafos' }).click();
    await expect(page).toHaveURL(/[?&]page=2#p-104$/);
    await expect(page).not.toHaveURL(/show=review/);
    await expect(page.locator('li.row')).toHaveCount(5);
    await expect(page.locator('.row-number')).toHaveCount(0);
  });

  test('with every paragraph approved, the list to review says so', async ({ page }) => {
    await approve(page.request, 0, 'The stork came back to the church bell tower in February.', DONE_SLUG);
    await approve(page.request, 1, 'Its nest weighs more than a grown man.', DONE_SLUG);
    await page.goto(`/en/read/${DONE_SLUG}`);
    await expect(reviewBar(page)).toContainText('2 of 2 paragraphs approved');
    await expect(reviewBar(page).getByRole('link', { name: /Show only/ })).toHaveCount(0);
    await page.goto(`/en/read/${DONE_SLUG}?show=review`);
    await expect(page.getByRole('status').filter({ hasText: 'Every paragraph is approved' })).toBeVisible();
    await expect(page.locator('li.row')).toHaveCount(0);
    await reviewBar(page).getByRole('link', { name: 'Show all paragraphs' }).click();
    await expect(page.locator('li.row')).toHaveCount(2);
  });

  test('at 375 px the review bar fits without horizontal scrolling', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(`/es/read/${SLUG}`);
    // At phone width the review bar is in the reader's toolbar, folded behind Tools.
    await page.getByRole('button', { name: 'Herramientas' }).click();
    await expect(page.getByRole('button', { name: 'Siguiente por revisar' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await context.close();
  });
});
