/**
 * Reading comfort (issue 19): themes, text size and line width from the header's Display menu, kept in cookies and
 * read by the server for the first paint; "Continue reading" in the library; the keyboard shortcuts dialog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { WITH_MODEL, WITHOUT_MODEL } from '../../playwright.config';
import { PORT_WITHOUT_MODEL } from './ports';
import { axeClean, contentDirOf, SEED } from './helpers';

async function themed(browser: Browser, theme: string, width: number, colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme });
  if (theme !== 'auto') await context.addCookies([{ name: 'paralelo-theme', value: theme, url: WITH_MODEL }]);
  return context;
}

const rowsOf = (page: Page) => page.getByRole('list', { name: /Párrafos de|Paragraphs of/ }).locator(':scope > li');

test.describe('themes', () => {
  // Background of <body>'s page in each theme: the automatic one follows prefers-color-scheme.
  const cases = [
    { theme: 'light', scheme: 'dark', bg: 'rgb(251, 250, 247)' },
    { theme: 'sepia', scheme: 'dark', bg: 'rgb(244, 236, 216)' },
    { theme: 'dark', scheme: 'light', bg: 'rgb(22, 22, 26)' },
    { theme: 'auto', scheme: 'dark', bg: 'rgb(22, 22, 26)' },
    { theme: 'auto', scheme: 'light', bg: 'rgb(251, 250, 247)' },
  ] as const;
  for (const { theme, scheme, bg } of cases) {
    test(`${theme} (system ${scheme}): every page readable and axe-clean, at desktop and phone width`, async ({
      browser,
    }) => {
      test.setTimeout(180_000);
      for (const width of [1280, 375]) {
        const context = await themed(browser, theme, width, scheme);
        const page = await context.newPage();
        const check = async (url: string, what: string) => {
          await page.goto(url);
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(bg);
          await axeClean(page, `${what} in ${theme} (${scheme}) at ${width} px`);
          expect(
            await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
          ).toBeLessThanOrEqual(0);
        };
        await check('/es', 'library');
        await check(`/es/read/${SEED}`, 'reader');
        // The test model's English fills in, labelled as test output: that label is checked too.
        await expect(rowsOf(page).first().locator('.badge-test')).toBeVisible();
        await axeClean(page, `reader with test output in ${theme} at ${width} px`);
        // The editor, open on the first paragraph, with its buttons and badges.
        await rowsOf(page).first().locator('.en-text').click();
        await expect(rowsOf(page).first().locator('textarea')).toBeVisible();
        await axeClean(page, `editor in ${theme} at ${width} px`);
        // The Display menu and the shortcuts dialog, open.
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Pantalla' }).click();
        await axeClean(page, `Display menu in ${theme} at ${width} px`);
        await page.getByRole('button', { name: 'Atajos de teclado' }).click();
        await expect(page.getByRole('dialog', { name: 'Atajos de teclado' })).toBeVisible();
        await axeClean(page, `shortcuts dialog in ${theme} at ${width} px`);
        await page.keyboard.press('Escape');
        await check('/en/login', 'sign-in page');
        await check('/en/logout', 'sign-out page');
        await check('/es/no-existe', 'not found (localized)');
        await page.goto('/no-existe');
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(bg);
        await axeClean(page, `root not found in ${theme} at ${width} px`);
        await context.close();
      }
    });
  }

  test('the server paints the chosen theme: no flash of the other one', async ({ request }) => {
    const html = await (
      await request.get('/es', { headers: { cookie: 'paralelo-theme=sepia; paralelo-size=large' } })
    ).text();
    expect(html).toMatch(/<html[^>]*data-theme="sepia"/);
    expect(html).toMatch(/<html[^>]*data-size="large"/);
    // A hostile cookie is not echoed: the automatic theme.
    const hostile = await (
      await request.get('/es', { headers: { cookie: 'paralelo-theme="><script>x</script>' } })
    ).text();
    expect(hostile).toMatch(/<html[^>]*data-theme="auto"/);
    expect(hostile).not.toContain('<script>x</script>');
  });

  test('chosen by keyboard in the Display menu, applied at once and kept for the next visit', async ({ page }) => {
    await page.goto('/es');
    const toggle = page.getByRole('button', { name: 'Pantalla' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const menu = page.getByRole('group', { name: 'Pantalla' });
    await menu.getByRole('radio', { name: 'Oscuro' }).focus();
    await page.keyboard.press('Space');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // Arrow keys move within the radio group, as in any radio group.
    await page.keyboard.press('ArrowLeft');
    await expect(menu.getByRole('radio', { name: 'Sepia' })).toBeChecked();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'sepia');
    await page.keyboard.press('Escape');
    await expect(toggle).toBeFocused();
    await expect(menu).toBeHidden();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'paralelo-theme')?.value).toBe('sepia');
    await page.goto(`/en/read/${SEED}`);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'sepia');
    await page.getByRole('button', { name: 'Display' }).click();
    await expect(page.getByRole('group', { name: 'Display' }).getByRole('radio', { name: 'Sepia' })).toBeChecked();
  });
});

test.describe('text size and line width', () => {
  test('each size grows the text and keeps the Spanish and English rows level; each width changes the measure', async ({
    page,
  }) => {
    await page.goto(`/en/read/${SEED}?view=side`);
    await expect(rowsOf(page).first().locator('.cell-en .text')).toBeVisible();
    await page.getByRole('button', { name: 'Display' }).click();
    const menu = page.getByRole('group', { name: 'Display' });
    const sizes: number[] = [];
    for (const size of ['Small', 'Medium', 'Large', 'Larger']) {
      await menu.getByRole('group', { name: 'Text size' }).getByRole('radio', { name: size, exact: true }).check();
      const measured = await rowsOf(page).evaluateAll((items) =>
        items.map((li) => {
          const es = li.querySelector('.cell-es')!.getBoundingClientRect();
          const en = li.querySelector('.cell-en')!.getBoundingClientRect();
          const text = li.querySelector('.cell-es .text')!;
          return { esY: es.y, enY: en.y, font: parseFloat(getComputedStyle(text).fontSize) };
        }),
      );
      expect(measured).toHaveLength(10);
      for (const m of measured) expect(Math.abs(m.esY - m.enY), `${size}: row tops`).toBeLessThan(1);
      sizes.push(measured[1]!.font);
    }
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(new Set(sizes).size).toBe(4);
    const widths: number[] = [];
    for (const width of ['Narrow', 'Medium', 'Wide']) {
      await menu.getByRole('group', { name: 'Line width' }).getByRole('radio', { name: width, exact: true }).check();
      widths.push((await page.locator('article.reader').boundingBox())!.width);
    }
    expect(widths[0]).toBeLessThan(widths[1]!);
    expect(widths[1]).toBeLessThan(widths[2]!);
    // Kept: the next page load has them from the cookies.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-size', 'larger');
    await expect(page.locator('html')).toHaveAttribute('data-width', 'wide');
  });

  test('at phone width the largest text stays within the screen', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    await context.addCookies([
      { name: 'paralelo-size', value: 'larger', url: WITH_MODEL },
      { name: 'paralelo-width', value: 'wide', url: WITH_MODEL },
    ]);
    const page = await context.newPage();
    await page.goto(`/es/read/${SEED}`);
    await expect(rowsOf(page)).toHaveCount(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await context.close();
  });
});

test.describe('continue reading', () => {
  // A plain-text book of 8 chapters of 20 paragraphs on the server without a model: chapter VI (p-101 to p-120) on
  // page 2, with rows enough after it to scroll.
  const BOOK = 'seguir-leyendo-e2e';
  const file = path.join(contentDirOf(PORT_WITHOUT_MODEL), `${BOOK}.txt`);
  test.beforeAll(() => {
    const chapters = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'].map((n, c) =>
      [`Capítulo ${n}. Otra vez`, ...Array.from({ length: 19 }, (_, i) => `Línea ${c * 19 + i + 1} del libro.`)].join(
        '\n\n',
      ),
    );
    fs.writeFileSync(file, `Libro para seguir\n\n\n${chapters.join('\n\n\n')}\n`);
  });
  test.afterAll(() => fs.rmSync(file, { force: true }));

  test('the library links to the paragraph last in view, on its page, with the chapter name', async ({ page }) => {
    await page.goto(`${WITHOUT_MODEL}/es`);
    const item = page.getByRole('listitem').filter({ hasText: 'Libro para seguir' });
    await expect(item).toBeVisible();
    await expect(item.getByRole('link', { name: /Seguir leyendo/ })).toHaveCount(0);
    // Read into chapter VI on page 2, by a link to paragraph 111, then scroll on by hand: the place follows the
    // topmost row under the column heads (48 px), whatever the page's layout puts there.
    const stored = () => page.evaluate((slug) => localStorage.getItem(`paralelo-position:${slug}`), BOOK);
    const topmost = () =>
      page.evaluate(() =>
        Number(
          [...document.querySelectorAll('li.row')].find((li) => li.getBoundingClientRect().bottom > 48)!.id.slice(2),
        ),
      );
    await page.goto(`${WITHOUT_MODEL}/es/read/${BOOK}?page=2#p-111`);
    await expect(page.locator('li#p-111')).toBeInViewport();
    await expect.poll(async () => JSON.parse((await stored()) ?? '{}').index).toBe(await topmost());
    await page.locator('li#p-115').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const reading = await topmost();
    expect(reading).toBeGreaterThanOrEqual(114);
    await expect.poll(async () => JSON.parse((await stored()) ?? '{}').index).toBe(reading);
    const saved = JSON.parse((await stored())!) as { index: number; chapter: string };
    expect(saved.chapter).toBe('Capítulo VI. Otra vez');
    await page.getByRole('link', { name: 'Volver a la biblioteca' }).click();
    const link = page.getByRole('listitem').filter({ hasText: 'Libro para seguir' }).getByRole('link', {
      name: 'Seguir leyendo: Capítulo VI. Otra vez',
    });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute('href', new RegExp(`/es/read/${BOOK}\\?page=2#p-${saved.index}$`));
    await axeClean(page, 'library with Continue reading');
    await link.click();
    await expect(page).toHaveURL(new RegExp(`page=2#p-${saved.index}$`));
    await expect(page.locator(`li#p-${saved.index}`)).toBeInViewport();
    // Another document's place is its own: the seed has none.
    expect(await page.evaluate((slug) => localStorage.getItem(`paralelo-position:${slug}`), SEED)).toBeNull();
  });

  test('a place that is not one (edited by hand, an older version) shows no link and breaks nothing', async ({
    page,
  }) => {
    await page.goto(`${WITHOUT_MODEL}/en`);
    await page.evaluate((slug) => localStorage.setItem(`paralelo-position:${slug}`, '{"index":"<b>x</b>"}'), BOOK);
    await page.reload();
    const item = page.getByRole('listitem').filter({ hasText: 'Libro para seguir' });
    await expect(item.getByRole('link', { name: 'Libro para seguir' })).toBeVisible();
    await expect(item.getByRole('link', { name: /Continue reading/ })).toHaveCount(0);
  });
});

test.describe('keyboard shortcuts dialog', () => {
  test('? opens a modal list of every shortcut; focus stays inside, Esc closes, focus returns', async ({ page }) => {
    await page.goto(`/en/read/${SEED}`);
    const cell = rowsOf(page).nth(2).locator('.en-text');
    await cell.focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    for (const text of ['Save and open the next paragraph', 'Edit the English paragraph', 'First or last paragraph'])
      await expect(dialog).toContainText(text);
    await expect(dialog.locator('kbd', { hasText: 'Ctrl/⌘' }).first()).toBeVisible();
    // Tab cycles within the dialog (the page behind is inert).
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(cell).toBeFocused();
    // The header button opens it too, and its Close button gives focus back to it.
    const button = page.getByRole('button', { name: 'Keyboard shortcuts' });
    await button.click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();
  });

  test('? typed in the editor is text, not the dialog; in Spanish the list is in Spanish', async ({ page }) => {
    await page.goto(`/es/read/${SEED}`);
    await rowsOf(page).first().locator('.en-text').click();
    const box = rowsOf(page).first().locator('textarea');
    await expect(box).toBeFocused();
    await page.keyboard.press('End');
    await page.keyboard.type('?');
    await expect(box).toHaveValue(/\?$/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Atajos de teclado' });
    await expect(dialog).toContainText('Guardar y abrir el párrafo siguiente');
    await expect(dialog.locator('kbd', { hasText: 'Intro' }).first()).toBeVisible();
  });
});
