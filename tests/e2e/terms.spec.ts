import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { axeClean, contentDirOf, ownOrigin } from './helpers';

/**
 * Glossary terms in the reader and the editor: a translator adds a term on the glossary page by keyboard; a document
 * has it plural, capitalized and without its accent; the reader underlines it and describes the sentence with its
 * English (heard on focus, shown on focus and hover); the editor lists it with its English and says whether the
 * saved English uses it or a forbidden one. A term added later shows after a reload. Axe-clean, and at 375 px.
 */
const SLUG = 'terms-e2e';
const FILE = path.join(contentDirOf(), `${SLUG}.md`);
const DOC = `---
title: Prueba de términos
lang: es
---

Los Tribunales de Apelacion fallaron ayer.

Otro tribunal de apelación habló con la prensa.
`;
const ENGLISH = ['The courts of appeal ruled yesterday.', 'Another appeals court spoke to the press.'];
const TIP = 'Glossary: tribunal de apelación: court of appeal; not: appeals court; Second instance.';

const row = (page: Page, n: number) => page.locator(`li#p-${n - 1}`);
const sentence = (page: Page, n: number) => row(page, n).locator('.cell-es .sentence').first();

test.describe('glossary terms in the reader and the editor', () => {
  test.beforeAll(async ({ request }) => {
    fs.writeFileSync(FILE, DOC);
    for (const [index, text] of ENGLISH.entries()) {
      const saved = await request.put(`/api/documents/${SLUG}/paragraphs/${index}`, {
        headers: { ...ownOrigin(), 'if-match': '"0"' },
        data: { text, status: 'edited', clientSaveId: `terms-e2e-${index}` },
      });
      expect(saved.status(), await saved.text()).toBe(201);
    }
  });
  test.afterAll(async ({ request }) => {
    fs.rmSync(FILE, { force: true });
    // Leaves the library's glossary empty for the other specs.
    const { entries } = (await (await request.get('/api/glossary')).json()) as { entries: { id: number }[] };
    for (const e of entries) await request.delete(`/api/glossary/${e.id}`, { headers: ownOrigin() });
  });

  test('a term added by keyboard is underlined in its inflected forms, described, and listed in the editor', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    await page.goto('/en/glossary');
    const form = page.getByRole('form', { name: 'Add a term' });
    await form.getByRole('textbox', { name: 'Spanish term' }).fill('tribunal de apelación');
    await page.keyboard.press('Tab');
    await page.keyboard.type('court of appeal');
    await form.getByRole('textbox', { name: 'Forbidden English' }).fill('appeals court');
    await form.getByRole('textbox', { name: 'Note' }).fill('Second instance.');
    await form.getByRole('button', { name: 'Add the term' }).press('Enter');
    await expect(page.getByRole('status')).toContainText('tribunal de apelación added to the glossary.');

    await page.goto(`/en/read/${SLUG}?view=side`);
    await expect(page.getByRole('heading', { level: 1, name: 'Prueba de términos' })).toBeVisible();
    // Plural, capitalized, without its accent: the same term.
    await expect(row(page, 1).locator('.cell-es .term')).toHaveText(['Tribunales de Apelacion']);
    await expect(row(page, 2).locator('.cell-es .term')).toHaveText(['tribunal de apelación']);
    await expect(row(page, 1).locator('.term-tip')).toBeHidden();
    await expect(sentence(page, 1)).toHaveAccessibleDescription(TIP);
    // The description is not the sentence's text (read aloud reads that).
    await expect(sentence(page, 1)).toHaveText('Los Tribunales de Apelacion fallaron ayer. ');

    // Keyboard only: the rows' Tab stop, into the row's sentences with the arrow keys; the tip shows on focus.
    const cell = page.getByRole('group', { name: 'English, paragraph 1', exact: true });
    await cell.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect(sentence(page, 1)).toBeFocused();
    await expect(row(page, 1).locator('.term-tip')).toBeVisible();
    await expect(row(page, 1).locator('.term-tip')).toHaveText(TIP);
    for (const theme of ['light', 'dark', 'sepia']) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      await expect(row(page, 1).locator('.term-tip')).toBeVisible();
      await axeClean(page, `reader with a term described on focus, ${theme} theme`);
    }
    await page.keyboard.press('Escape');
    await expect(cell).toBeFocused();
    await expect(row(page, 1).locator('.term-tip')).toBeHidden();
    // And on hover.
    await sentence(page, 2).hover();
    await expect(row(page, 2).locator('.term-tip')).toBeVisible();

    // The editor lists the term with its English, and whether the saved English follows the glossary.
    await cell.press('Enter');
    const terms = row(page, 1).getByRole('region', { name: 'Glossary terms in this paragraph' });
    await expect(terms.getByRole('listitem')).toHaveText(
      'tribunal de apelación · English: court of appeal · Not: appeals court · Note: Second instance. The saved English uses it.',
      { timeout: 30_000 },
    );
    await axeClean(page, 'editor with its glossary terms');
    await page.keyboard.press('Escape');
    await page.getByRole('group', { name: 'English, paragraph 2', exact: true }).press('Enter');
    await expect(row(page, 2).getByRole('region', { name: 'Glossary terms in this paragraph' })).toContainText(
      'The saved English uses “appeals court”, which the glossary forbids.',
    );

    // A term added since shows once the page is loaded again.
    const added = await request.post('/api/glossary', {
      headers: ownOrigin(),
      data: { term: 'prensa', english: ['press'] },
    });
    expect(added.status(), await added.text()).toBe(201);
    await expect(row(page, 2).locator('.cell-es .term')).toHaveCount(1);
    await page.reload();
    await expect(row(page, 2).locator('.cell-es .term')).toHaveText(['tribunal de apelación', 'prensa']);
  });

  test('in Spanish at phone width: the underline and the tip in Spanish, nothing wider than the screen, axe-clean', async ({
    browser,
    request,
  }) => {
    const { entries } = (await (await request.get('/api/glossary')).json()) as { entries: unknown[] };
    if (entries.length === 0)
      await request.post('/api/glossary', {
        headers: ownOrigin(),
        data: { term: 'tribunal de apelación', english: ['court of appeal'] },
      });
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(`/es/read/${SLUG}`);
    await expect(row(page, 1).locator('.cell-es .term')).toHaveText(['Tribunales de Apelacion']);
    await expect(sentence(page, 1)).toHaveAccessibleDescription(/^Glosario: tribunal de apelación: court of appeal/);
    await page.getByRole('group', { name: 'Inglés, párrafo 1', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect(row(page, 1).locator('.term-tip')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await axeClean(page, 'reader in Spanish at 375 px with a tip shown');
    await context.close();
  });
});
