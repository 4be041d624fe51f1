import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { contentDirOf, ownOrigin } from './helpers';

/** A document of its own: importing a translation writes revisions (and translation memory). */
const SLUG = 'alignment-e2e';
const FILE = path.join(contentDirOf(), `${SLUG}.md`);
const DOC = `---
title: Prueba de alineación
lang: es
---

El faro del puerto viejo se encendió por primera vez en el verano de 1912. Los pescadores contaban que su luz se veía desde las islas más lejanas.

Durante la tormenta de febrero de 1931, la farera Rosa Vidal subió 120 escalones con una lámpara de aceite. Nadie en el pueblo olvidó aquella noche.

Hoy el edificio es un pequeño museo con 40 mapas, cuadernos de bitácora y fotografías antiguas.

Cada sábado, una guía voluntaria explica a los visitantes cómo funcionaba el mecanismo de relojería del faro.
`;
// Paragraph 1 merges two Spanish sentences into one; paragraph 4 is unrelated (low confidence).
const ENGLISH = [
  'The old harbour lighthouse was first lit in the summer of 1912, and fishermen said its light could be seen from the most distant islands.',
  'During the February 1931 storm, the keeper Rosa Vidal climbed 120 steps with an oil lamp. Nobody in the village forgot that night.',
  'Today the building is a small museum with 40 maps, logbooks and old photographs.',
  'Quantum chromodynamics describes the strong interaction between quarks and gluons inside hadrons.',
].join('\n\n');

const row = (page: Page, n: number) => page.locator(`li#p-${n - 1}`);
const es = (page: Page, n: number, i: number) => row(page, n).locator(`.cell-es .sentence[data-sentence="${i}"]`);
const en = (page: Page, n: number, i: number) => row(page, n).locator(`.cell-en .sentence[data-sentence="${i}"]`);
const COUNTERPART = /is-aligned-counterpart/;

async function rowBoxes(page: Page) {
  return page.locator('li.row').evaluateAll((rows) =>
    rows.map((r) => {
      const b = r.getBoundingClientRect();
      // In page coordinates: focusing a sentence may scroll, which is not a layout shift.
      return [b.x + window.scrollX, b.y + window.scrollY, b.width, b.height];
    }),
  );
}

test.describe.serial('alignment', () => {
  test.beforeAll(() => {
    fs.writeFileSync(FILE, DOC);
  });
  test.afterAll(() => {
    fs.rmSync(FILE, { force: true });
  });

  test('import a pasted English translation: side by side, imported, with a check-alignment badge', async ({
    page,
  }) => {
    // The translation job starts only once the import is done, so its machine output streams in afterwards.
    let release = () => {};
    const imported = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/documents/${SLUG}/translation`, async (route) => {
      if (route.request().method() === 'POST') await imported;
      await route.continue();
    });
    await page.goto(`/en/read/${SLUG}?view=side`);
    await expect(page.getByRole('heading', { level: 1, name: 'Prueba de alineación' })).toBeVisible();
    await page.getByRole('button', { name: 'Import an English translation' }).click();
    await page.getByRole('button', { name: 'Align and import' }).click();
    const status = page.getByTestId('translation-import-status');
    await expect(status).toHaveText('Paste the English text or choose a file first.');
    await page.getByRole('textbox', { name: 'English text' }).fill(ENGLISH);
    await page.getByRole('button', { name: 'Align and import' }).click();
    await expect(status).toContainText('4 paragraphs imported.');
    await expect(status).toContainText('1 link to check.');
    await expect(row(page, 1).locator('.cell-en')).toContainText('The old harbour lighthouse');
    await expect(row(page, 1).locator('.cell-es')).toContainText('El faro del puerto viejo');
    await expect(row(page, 1)).toContainText('Imported');
    await expect(row(page, 4)).toContainText('Check alignment');
    await expect(row(page, 1)).not.toContainText('Check alignment');
    // Machine output streaming in afterwards is offered under the imported text; the flag stays.
    release();
    await expect(row(page, 4)).toContainText('New machine suggestion', { timeout: 45_000 });
    await expect(page.getByText('4 of 4 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    await expect(row(page, 4)).toContainText('Check alignment');
    // The same after a reload (it was saved), and the API reports the paragraph-level links.
    await page.reload();
    await expect(row(page, 4)).toContainText('Check alignment');
    const doc = (await (await page.request.get(`/api/documents/${SLUG}`)).json()) as {
      paragraphs: { alignment: { source: number[]; target: number[] }[]; flags: { lowConfidence: boolean } }[];
    };
    expect(doc.paragraphs[0]!.alignment).toEqual([expect.objectContaining({ source: [0, 1], target: [0] })]);
    expect(doc.paragraphs[3]!.flags.lowConfidence).toBe(true);
  });

  for (const view of ['side', 'interleaved', 'side&swap=1'] as const) {
    test(`hover and keyboard focus highlight the counterpart sentences without moving anything (${view})`, async ({
      page,
    }) => {
      await page.goto(`/en/read/${SLUG}?view=${view}`);
      await expect(en(page, 1, 0)).toBeVisible();
      // Machine output arriving (offered as a suggestion under the imported text) would change the rows' height.
      await expect(page.getByText('4 of 4 paragraphs translated')).toBeVisible({ timeout: 45_000 });
      // The checks' badges appear under the rows when the checks answer: measured after that, nothing moves.
      await expect(page.locator('.checks-glance')).toBeVisible({ timeout: 30_000 });
      const before = await rowBoxes(page);
      // Spanish sentence 2 of paragraph 1 belongs with the one English sentence (2:1).
      await es(page, 1, 1).hover();
      await expect(en(page, 1, 0)).toHaveClass(COUNTERPART);
      await expect(es(page, 1, 1)).toHaveClass(/is-aligned-active/);
      // The other way: the English sentence points at both Spanish ones.
      await en(page, 1, 0).hover();
      await expect(es(page, 1, 0)).toHaveClass(COUNTERPART);
      await expect(es(page, 1, 1)).toHaveClass(COUNTERPART);
      expect(await rowBoxes(page)).toEqual(before);
      await page.mouse.move(0, 0);
      await expect(page.locator('.is-aligned-counterpart')).toHaveCount(0);

      // Keyboard: the English cell, then the arrow keys go from sentence to sentence (no Tab stop each).
      await page.getByRole('group', { name: 'English, paragraph 2', exact: true }).focus();
      await page.keyboard.press('ArrowRight');
      await expect(en(page, 2, 0)).toBeFocused();
      await expect(es(page, 2, 0)).toHaveClass(COUNTERPART);
      await expect(es(page, 2, 1)).not.toHaveClass(COUNTERPART);
      await page.keyboard.press('ArrowRight');
      await expect(en(page, 2, 1)).toBeFocused();
      await expect(es(page, 2, 1)).toHaveClass(COUNTERPART);
      await expect(es(page, 2, 0)).not.toHaveClass(COUNTERPART);
      expect(await rowBoxes(page)).toEqual(before);
      await page.keyboard.press('Escape');
      await expect(page.getByRole('group', { name: 'English, paragraph 2', exact: true })).toBeFocused();
      await expect(page.locator('.is-aligned-counterpart')).toHaveCount(0);
      // Enter still opens the editor.
      await page.keyboard.press('Enter');
      await expect(
        page.getByRole('textbox', { name: 'English translation of paragraph 2', exact: true }),
      ).toBeFocused();
    });
  }

  test('shift a sentence boundary: two revisions, both in the history', async ({ page }) => {
    await page.goto(`/en/read/${SLUG}?view=side`);
    await page.getByRole('button', { name: 'Fix the alignment of paragraph 2' }).click();
    await page.getByRole('button', { name: 'Move the last sentence to the next paragraph' }).first().click();
    await expect(page.getByTestId('editor-announcer')).toHaveText('Alignment of paragraphs 2 and 3 changed.');
    await expect(row(page, 3).locator('.cell-en')).toContainText('Nobody in the village forgot that night. Today');
    await expect(row(page, 2).locator('.cell-en')).not.toContainText('Nobody in the village');
    await page.getByRole('group', { name: 'English, paragraph 3', exact: true }).click();
    await page.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'History of paragraph 3' });
    await expect(history.locator('.history-item')).toHaveCount(2);
    await expect(history.locator('.history-item').first()).toContainText('alignment fix');
    await expect(history.locator('.history-item').nth(1)).toContainText('imported translation');
  });
});

test.describe.serial('alignment across pages', () => {
  // 101 paragraphs: the reader shows 100 per page, so paragraph 100 is the last row of page 1.
  const LONG = 'alignment-pages-e2e';
  const file = path.join(contentDirOf(), `${LONG}.md`);
  const spanish = Array.from({ length: 101 }, (_, i) => `El párrafo ${i + 1} empieza aquí. Y termina aquí.`);
  const english = Array.from({ length: 101 }, (_, i) => `Paragraph ${i + 1} starts here. And ends here.`);
  test.beforeAll(() => {
    fs.writeFileSync(file, `---\ntitle: Prueba de páginas\nlang: es\n---\n\n${spanish.join('\n\n')}\n`);
  });
  test.afterAll(() => {
    fs.rmSync(file, { force: true });
  });

  test('the last row of a page moves a sentence to the first paragraph of the next page', async ({ page }) => {
    const imported = await page.request.post(`/api/documents/${LONG}/translation-import`, {
      data: { text: english.join('\n\n') },
      headers: ownOrigin(),
    });
    expect(imported.status()).toBe(200);
    await page.goto(`/en/read/${LONG}?view=side`);
    await page.getByRole('button', { name: 'Fix the alignment of paragraph 100' }).click();
    await page.locator('li#p-99').getByRole('button', { name: 'Move the last sentence to the next paragraph' }).click();
    await expect(page.getByTestId('editor-announcer')).toHaveText('Alignment of paragraphs 100 and 101 changed.');
    await expect(row(page, 100).locator('.cell-en')).not.toContainText('And ends here.');
    const next = (await (await page.request.get(`/api/documents/${LONG}/paragraphs/100`)).json()) as {
      target: { text: string };
    };
    expect(next.target.text).toBe('And ends here. Paragraph 101 starts here. And ends here.');
  });
});
