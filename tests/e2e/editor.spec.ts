import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { contentDirOf } from './helpers';

/**
 * The editor writes revisions, and revisions also feed translation memory. So these tests work on a document of
 * their own (sentences found nowhere else), leaving the seed document exactly as the reader tests expect it.
 */
const SLUG = 'editor-e2e';
const FILE = path.join(contentDirOf(), `${SLUG}.md`);
const DOC = `---
title: Prueba del editor
lang: es
---

El faro del puerto viejo se encendió por primera vez en el verano de mil novecientos doce.

Los pescadores contaban que su luz se veía desde las islas más lejanas del archipiélago.

Durante la tormenta de febrero, la farera subió ciento veinte escalones con una lámpara de aceite.

Hoy el edificio es un pequeño museo con mapas, cuadernos de bitácora y fotografías antiguas.

Cada sábado, una guía voluntaria explica a los visitantes cómo funcionaba el mecanismo de relojería.

La lente original, fabricada en Francia, pesa casi una tonelada y todavía gira sin ruido.

En invierno el museo cierra a las cinco, pero el mirador sigue abierto hasta el anochecer.

Los vecinos organizan cada año una fiesta en honor de la última farera del pueblo.
`;

const L = {
  en: {
    cell: (n: number) => `English, paragraph ${n}`,
    box: (n: number) => `English translation of paragraph ${n}`,
    yours: (n: number) => `Your version of paragraph ${n}`,
    saved: (n: number, status: string) => `Paragraph ${n} saved (${status}).`,
    edited: 'Edited',
    approved: 'Approved',
    approve: 'Approve',
    unapprove: 'Unapprove',
    source: 'Spanish original',
  },
  es: {
    cell: (n: number) => `Inglés, párrafo ${n}`,
    box: (n: number) => `Traducción al inglés del párrafo ${n}`,
    yours: (n: number) => `Tu versión del párrafo ${n}`,
    saved: (n: number, status: string) => `Párrafo ${n} guardado (${status}).`,
    edited: 'Editado',
    approved: 'Aprobado',
    approve: 'Aprobar',
    unapprove: 'Quitar la aprobación',
    source: 'Original en español',
  },
} as const;

const announcer = (page: Page) => page.getByTestId('editor-announcer');
const row = (page: Page, n: number) => page.locator(`li#p-${n - 1}`);

async function revisionsOf(page: Page, index: number) {
  const res = await page.request.get(`/api/documents/${SLUG}/paragraphs/${index}/revisions`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { revisions: { text: string; author: string | null; kind: string }[] }).revisions;
}

async function openReader(browser: Browser, locale: 'en' | 'es', view = 'side', width = 1280) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: locale === 'es' ? 'es-ES' : 'en-US',
  });
  const page = await context.newPage();
  await page.goto(`/${locale}/read/${SLUG}?view=${view}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Prueba del editor' })).toBeVisible();
  return { context, page };
}

test.describe('editor', () => {
  test.beforeAll(() => {
    fs.writeFileSync(FILE, DOC);
  });
  test.afterAll(() => {
    fs.rmSync(FILE, { force: true });
  });

  test('edit, save (a double click saves once), reload: the text and the "edited" status stay', async ({ browser }) => {
    const { context, page } = await openReader(browser, 'en');
    const t = L.en;
    await expect(page.getByText('8 of 8 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    const cell = page.getByRole('group', { name: t.cell(2), exact: true });
    await expect(row(page, 2)).toContainText('Test model output, not a translation');
    await expect(row(page, 2)).toContainText('Machine translation');
    await cell.click();
    const box = page.getByRole('textbox', { name: t.box(2), exact: true });
    await expect(box).toBeFocused();
    // The profile is reachable from the editor; its name goes with every save.
    await page.getByRole('button', { name: 'Set your name' }).click();
    await page.getByRole('textbox', { name: 'Display name' }).fill('Ana');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByRole('button', { name: 'Your name: Ana' })).toBeVisible();
    await box.fill('Fishermen said its light could be seen from the farthest islands of the archipelago.');
    await page.getByRole('button', { name: 'Save', exact: true }).dblclick();
    await expect(announcer(page)).toHaveText(t.saved(2, 'edited'));
    await expect(page.getByRole('textbox', { name: t.box(2), exact: true })).toHaveCount(0);
    await expect(cell).toBeFocused();
    await expect(row(page, 2)).toContainText('farthest islands');
    await expect(row(page, 2)).toContainText(t.edited);
    await expect(row(page, 2)).not.toContainText('Test model output');
    const revisions = await revisionsOf(page, 1);
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ author: 'Ana', kind: 'save' });

    await page.reload();
    await expect(row(page, 2)).toContainText('farthest islands');
    await expect(row(page, 2)).toContainText(t.edited);
    await context.close();
  });

  test('a save that does not reach the server keeps the text and is retried with the same clientSaveId', async ({
    browser,
  }) => {
    const { context, page } = await openReader(browser, 'en');
    const t = L.en;
    const ids: string[] = [];
    let calls = 0;
    await page.route(`**/api/documents/${SLUG}/paragraphs/1`, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      ids.push((route.request().postDataJSON() as { clientSaveId: string }).clientSaveId);
      calls += 1;
      return calls === 1 ? route.abort('failed') : route.continue();
    });
    const before = (await revisionsOf(page, 1)).length;
    await page.getByRole('group', { name: t.cell(2), exact: true }).click();
    const text = 'Fishermen said its beam reached the farthest islands of the archipelago.';
    await page.getByRole('textbox', { name: t.box(2), exact: true }).fill(text);
    await page.keyboard.press('Control+Enter');
    await expect(page.getByText('Not saved: the server could not be reached. Your text is still here.')).toBeVisible();
    await expect(page.getByRole('textbox', { name: t.box(2), exact: true })).toHaveValue(text);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(announcer(page)).toHaveText(t.saved(2, 'edited'));
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(await revisionsOf(page, 1)).toHaveLength(before + 1);
    await context.close();
  });

  test('two people edit the same paragraph: the second sees both texts, loses nothing, and resolves', async ({
    browser,
  }) => {
    const a = await openReader(browser, 'en');
    const b = await openReader(browser, 'en');
    const t = L.en;
    for (const { page } of [a, b]) {
      await page.getByRole('group', { name: t.cell(3), exact: true }).click();
      await expect(page.getByRole('textbox', { name: t.box(3), exact: true })).toBeFocused();
    }
    await a.page
      .getByRole('textbox', { name: t.box(3), exact: true })
      .fill('During the February storm the keeper climbed the stairs.');
    await a.page.keyboard.press('Control+Enter');
    await expect(announcer(a.page)).toHaveText(t.saved(3, 'edited'));

    const mine = 'In the February storm, the lighthouse keeper climbed one hundred and twenty steps with an oil lamp.';
    await b.page.getByRole('textbox', { name: t.box(3), exact: true }).fill(mine);
    await b.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(
      b.page.getByRole('heading', { name: 'Someone else saved this paragraph while you were editing it' }),
    ).toBeVisible();
    await expect(b.page.getByTestId('conflict-theirs')).toHaveText(
      'During the February storm the keeper climbed the stairs.',
    );
    await expect(b.page.getByRole('textbox', { name: t.yours(3), exact: true })).toHaveValue(mine);
    await expect(announcer(b.page)).toContainText('changed by someone else');
    // The user's text survives a reload while the conflict is open.
    await b.page.reload();
    await expect(b.page.getByRole('button', { name: 'Restore draft' })).toBeVisible();
    await b.page.getByRole('button', { name: 'Restore draft' }).click();
    await expect(b.page.getByRole('textbox', { name: t.box(3), exact: true })).toHaveValue(mine);
    await b.page.getByRole('button', { name: 'Save', exact: true }).click();
    // The draft was written on top of their version, so this save goes through.
    await expect(announcer(b.page)).toHaveText(t.saved(3, 'edited'));
    await expect(row(b.page, 3)).toContainText('one hundred and twenty steps');

    // Now A is behind: "Keep mine" puts A's text on top; "Use theirs" would have dropped it.
    await a.page.getByRole('group', { name: t.cell(3), exact: true }).click();
    await a.page.getByRole('textbox', { name: t.box(3), exact: true }).fill('A third wording from the first reader.');
    await a.page.keyboard.press('Control+Enter');
    await expect(a.page.getByTestId('conflict-theirs')).toContainText('one hundred and twenty steps');
    await a.page.getByRole('button', { name: 'Use theirs' }).click();
    await expect(announcer(a.page)).toContainText('their version kept');
    await expect(row(a.page, 3)).toContainText('one hundred and twenty steps');
    expect((await revisionsOf(a.page, 2)).map((r) => r.text)).toEqual([
      mine,
      'During the February storm the keeper climbed the stairs.',
    ]);
    await a.context.close();
    await b.context.close();
  });

  test('conflict, then "Keep mine" saves the user\'s text on top of the other one', async ({ browser }) => {
    const a = await openReader(browser, 'en');
    const b = await openReader(browser, 'en');
    const t = L.en;
    for (const { page } of [a, b]) await page.getByRole('group', { name: t.cell(5), exact: true }).click();
    await a.page
      .getByRole('textbox', { name: t.box(5), exact: true })
      .fill('Every Saturday a guide explains the clockwork.');
    await a.page.keyboard.press('Control+Enter');
    await expect(announcer(a.page)).toHaveText(t.saved(5, 'edited'));
    await b.page
      .getByRole('textbox', { name: t.box(5), exact: true })
      .fill('Each Saturday, a volunteer guide shows visitors how the clockwork ran.');
    await b.page.keyboard.press('Control+Enter');
    await expect(b.page.getByTestId('conflict-theirs')).toHaveText('Every Saturday a guide explains the clockwork.');
    await b.page.getByRole('button', { name: 'Keep mine' }).click();
    await expect(announcer(b.page)).toHaveText(t.saved(5, 'edited'));
    await expect(row(b.page, 5)).toContainText('volunteer guide');
    expect((await revisionsOf(b.page, 4)).map((r) => r.text)).toEqual([
      'Each Saturday, a volunteer guide shows visitors how the clockwork ran.',
      'Every Saturday a guide explains the clockwork.',
    ]);
    await a.context.close();
    await b.context.close();
  });

  test('history: newest first, word diffs marked with ins/del, revert makes an older text current', async ({
    browser,
  }) => {
    const { context, page } = await openReader(browser, 'en');
    const t = L.en;
    for (const text of ['Today the building is a small museum.', 'Today the building is a small museum with maps.']) {
      await page.getByRole('group', { name: t.cell(4), exact: true }).click();
      await page.getByRole('textbox', { name: t.box(4), exact: true }).fill(text);
      await page.keyboard.press('Control+Enter');
      await expect(announcer(page)).toHaveText(t.saved(4, 'edited'));
    }
    await page.getByRole('group', { name: t.cell(4), exact: true }).press('Enter');
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'History of paragraph 4' });
    const items = history.getByRole('listitem');
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText('with maps');
    await expect(items.nth(0)).toContainText('Current');
    await expect(items.nth(0).locator('ins').filter({ hasText: 'maps' }).first()).toBeVisible();
    await expect(items.nth(1).locator('del').first()).toBeVisible();
    await items.nth(1).getByRole('button', { name: 'Restore this version' }).click();
    await expect(announcer(page)).toHaveText('Paragraph 4: an earlier version is current again.');
    await expect(items).toHaveCount(3);
    await expect(items.nth(0)).toContainText('restored an earlier version');
    await expect(page.getByRole('textbox', { name: t.box(4), exact: true })).toHaveValue(
      'Today the building is a small museum.',
    );
    await page.keyboard.press('Escape');
    await expect(row(page, 4)).toContainText('Today the building is a small museum.');
    await expect(row(page, 4)).not.toContainText('with maps');
    await context.close();
  });

  test('an unsaved draft survives a reload and is offered back; saving clears it', async ({ browser }) => {
    const { context, page } = await openReader(browser, 'en');
    const t = L.en;
    await page.getByRole('group', { name: t.cell(8), exact: true }).click();
    await page.getByRole('textbox', { name: t.box(8), exact: true }).fill('Every year the neighbours hold a festival');
    await page.waitForTimeout(700); // drafts are written a few hundred milliseconds after typing stops
    await page.reload();
    await expect(row(page, 8)).toContainText('Unsaved draft from');
    await row(page, 8).getByRole('button', { name: 'Restore draft' }).click();
    const box = page.getByRole('textbox', { name: t.box(8), exact: true });
    await expect(box).toHaveValue('Every year the neighbours hold a festival');
    await expect(box).toBeFocused();
    await box.press('End');
    await page.keyboard.type(' for the last lighthouse keeper.');
    await page.keyboard.press('Control+Enter');
    await expect(announcer(page)).toHaveText(t.saved(8, 'edited'));
    await page.reload();
    await expect(row(page, 8)).toContainText('for the last lighthouse keeper.');
    await expect(row(page, 8).getByRole('button', { name: 'Restore draft' })).toHaveCount(0);
    await context.close();
  });

  test('flags: the Spanish changes under a saved paragraph; a new machine suggestion is offered and taken', async ({
    browser,
  }) => {
    const { context, page } = await openReader(browser, 'en');
    const t = L.en;
    await page.getByRole('group', { name: t.cell(1), exact: true }).click();
    await page
      .getByRole('textbox', { name: t.box(1), exact: true })
      .fill('The old harbour lighthouse was first lit in 1912.');
    await page.keyboard.press('Control+Enter');
    await expect(announcer(page)).toHaveText(t.saved(1, 'edited'));
    await context.close();

    const original = 'El faro del puerto viejo se encendió por primera vez en el verano de mil novecientos doce.';
    fs.writeFileSync(FILE, DOC.replace(original, 'Faro.'));
    try {
      const again = await openReader(browser, 'en');
      const r = row(again.page, 1);
      await expect(r).toContainText('Source changed');
      // The new Spanish gets a machine translation: offered beside the human text, never put in its place.
      // (A one-word source, so even a random-weight model's output differs from what it made of the long one.)
      await expect(r.getByRole('group', { name: 'New machine suggestion' })).toBeVisible({ timeout: 45_000 });
      await expect(r).toContainText('The old harbour lighthouse was first lit in 1912.');
      await r.getByRole('button', { name: 'Take suggestion' }).click();
      await expect(announcer(again.page)).toHaveText('Paragraph 1: machine suggestion taken.');
      await expect(r.getByRole('group', { name: 'New machine suggestion' })).toHaveCount(0);
      await expect(r).not.toContainText('The old harbour lighthouse was first lit in 1912.');
      await expect(r).not.toContainText('Source changed');
      const revisions = await revisionsOf(again.page, 0);
      expect(revisions[0]).toMatchObject({ kind: 'suggestion' });
      await again.context.close();
    } finally {
      fs.writeFileSync(FILE, DOC);
    }
  });

  for (const [locale, n] of [
    ['en', 6],
    ['es', 7],
  ] as const) {
    test(`keyboard only (${locale}): open, edit, save, approve, save and next, in English-only mode`, async ({
      browser,
    }) => {
      const { context, page } = await openReader(browser, locale, 'en');
      const t = L[locale];
      const first = page.getByRole('group', { name: t.cell(1), exact: true });
      for (let i = 0; i < 40 && !(await first.evaluate((el) => el === document.activeElement)); i++)
        await page.keyboard.press('Tab');
      await expect(first).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('textbox', { name: t.box(1), exact: true })).toBeFocused();
      for (let i = 1; i < n; i++) await page.keyboard.press('Alt+ArrowDown');
      const box = page.getByRole('textbox', { name: t.box(n), exact: true });
      await expect(box).toBeFocused();
      // English-only mode: the Spanish stays in view, above the text box.
      await expect(page.getByRole('figure', { name: t.source })).toBeVisible();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(`Keyboard text ${locale}.`);
      await page.keyboard.press('Control+Enter');
      await expect(announcer(page)).toHaveText(t.saved(n, locale === 'es' ? 'editado' : 'edited'));
      const cell = page.getByRole('group', { name: t.cell(n), exact: true });
      await expect(cell).toBeFocused();
      await expect(row(page, n)).toContainText(t.edited);

      // E opens it again; Tab reaches Approve.
      await page.keyboard.press('e');
      await expect(box).toBeFocused();
      const approve = page.getByRole('button', { name: t.approve, exact: true });
      for (let i = 0; i < 6 && !(await approve.evaluate((el) => el === document.activeElement)); i++)
        await page.keyboard.press('Tab');
      await expect(approve).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(announcer(page)).toHaveText(t.saved(n, locale === 'es' ? 'aprobado' : 'approved'));
      // The same button now undoes it, and keeps the focus.
      await expect(page.getByRole('button', { name: t.unapprove })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(cell).toBeFocused();
      await expect(row(page, n)).toContainText(t.approved);

      // Save and next: Ctrl+Shift+Enter saves and opens the following paragraph.
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      await page.keyboard.type(' More.');
      await page.keyboard.press('Control+Shift+Enter');
      await expect(announcer(page)).toHaveText(t.saved(n, locale === 'es' ? 'editado' : 'edited'));
      await expect(page.getByRole('textbox', { name: t.box(n + 1), exact: true })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('group', { name: t.cell(n + 1), exact: true })).toBeFocused();
      await context.close();
    });
  }

  test("a text over the paragraph's limit is not sent: the length and what to do are said, the text stays", async ({
    browser,
  }) => {
    const { context, page } = await openReader(browser, 'es');
    const puts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT') puts.push(r.url());
    });
    await page.getByRole('group', { name: L.es.cell(8), exact: true }).click();
    const text = 'The neighbours celebrate every year. '.repeat(541); // 20,017 characters
    await page.getByRole('textbox', { name: L.es.box(8), exact: true }).fill(text);
    await expect(page.getByText('20.017 de 20.000 caracteres')).toBeVisible();
    await page.getByRole('button', { name: 'Guardar', exact: true }).click();
    const message =
      'Demasiado largo para guardarlo: 20.017 caracteres, y el inglés de este párrafo puede tener como mucho 20.000. ' +
      'Acórtalo o divide el párrafo en español en el archivo de origen. Tu texto sigue aquí.';
    await expect(page.locator('.editor-error')).toHaveText(message);
    await expect(announcer(page)).toHaveText(message);
    await expect(page.getByRole('textbox', { name: L.es.box(8), exact: true })).toHaveValue(text);
    expect(puts).toEqual([]);
    await context.close();
  });

  test('usable at 375 px: the editor fits without horizontal scrolling', async ({ browser }) => {
    const { context, page } = await openReader(browser, 'es', 'side', 375);
    await page.getByRole('group', { name: L.es.cell(1), exact: true }).click();
    await page.getByRole('button', { name: 'Historial' }).click();
    await expect(page.getByRole('textbox', { name: L.es.box(1), exact: true })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-results/screenshots/editor-375.png', fullPage: false });
    await context.close();
  });
});
