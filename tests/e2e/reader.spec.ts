import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { WITHOUT_MODEL } from '../../playwright.config';
import { PORT_WITHOUT_MODEL } from './ports';
import { contentDirOf, ownOrigin, SEED, SEED_TITLE } from './helpers';

function rows(page: Page) {
  return page.getByRole('list', { name: /Párrafos de|Paragraphs of/ }).locator(':scope > li');
}

test.describe('reader', () => {
  test('shows the seed as 10 aligned rows, Spanish beside English', async ({ page }) => {
    await page.goto(`/es/read/${SEED}?view=side`);
    await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
    await expect(rows(page)).toHaveCount(10);
    const first = rows(page).first();
    await expect(first.locator('[lang="es"]')).toContainText('El líder de Corea del Norte');
    await expect(first.locator('[lang="en"]')).toBeVisible();
    await expect(rows(page).last().locator('[lang="es"]')).toHaveText(/Entérate con El Expreso/);
    // Parallel paragraphs start at the same height.
    // Measured in one go: the English side fills in while the test runs, and rows may grow between two reads.
    const boxes = await rows(page).evaluateAll((items) =>
      items.map((li) => {
        const es = li.querySelector('[lang="es"]')!.getBoundingClientRect();
        const en = li.querySelector('[lang="en"]')!.getBoundingClientRect();
        return { esY: es.y, enY: en.y, esX: es.x, enX: en.x };
      }),
    );
    expect(boxes).toHaveLength(10);
    for (const b of boxes) {
      expect(Math.abs(b.esY - b.enY)).toBeLessThan(1);
      expect(b.esX).toBeLessThan(b.enX);
    }
  });

  test('fills the English column from the test model, labelled as test output, never as a translation', async ({
    page,
  }) => {
    await page.goto(`/en/read/${SEED}`);
    await expect(page.getByRole('note')).toContainText('random-weight test model');
    await expect(page.getByText('10 of 10 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    await expect(rows(page).first().locator('[lang="en"]')).toContainText('Test model output, not a translation');
    const api = await page.request.get(`/api/documents/${SEED}`);
    const doc = (await api.json()) as {
      paragraphs: {
        sentences: string[];
        target: { testModel: boolean; sentences: string[]; alignment: unknown[] } | null;
      }[];
    };
    expect(doc.paragraphs).toHaveLength(10);
    for (const p of doc.paragraphs) {
      expect(p.target?.testModel).toBe(true);
      expect(p.target?.sentences).toHaveLength(p.sentences.length);
      expect(p.target?.alignment).toHaveLength(p.sentences.length);
    }
    // The library now reports the document as translated.
    await page.goto('/en');
    await expect(page.getByTestId('translation-status').first()).toContainText('Translated');
  });

  test('each reading mode, the swap, and the choice kept in the URL and a cookie', async ({ page }) => {
    await page.goto(`/en/read/${SEED}`);
    await page.getByRole('radio', { name: 'Interleaved' }).check();
    await expect(page).toHaveURL(/view=interleaved/);
    const stacked = await rows(page)
      .first()
      .evaluate((li) => ({
        es: li.querySelector('[lang="es"]')!.getBoundingClientRect().y,
        en: li.querySelector('[lang="en"]')!.getBoundingClientRect().y,
      }));
    expect(stacked.en).toBeGreaterThan(stacked.es);

    await page.getByRole('radio', { name: 'Spanish only' }).check();
    await expect(page).toHaveURL(/view=es/);
    await expect(rows(page).first().locator('[lang="en"]')).toHaveCount(0);
    await expect(rows(page)).toHaveCount(10);

    await page.getByRole('radio', { name: 'English only' }).check();
    await expect(page).toHaveURL(/view=en/);
    await expect(rows(page).first().locator('[lang="es"]')).toHaveCount(0);

    await page.getByRole('radio', { name: 'Side by side' }).check();
    await page.getByRole('checkbox', { name: 'Swap columns' }).check();
    await expect(page).toHaveURL(/view=side&swap=1/);
    const swapped = await rows(page)
      .first()
      .evaluate((li) => ({
        es: li.querySelector('[lang="es"]')!.getBoundingClientRect().x,
        en: li.querySelector('[lang="en"]')!.getBoundingClientRect().x,
      }));
    expect(swapped.en).toBeLessThan(swapped.es);

    // Without a query, the cookie brings the last choice back.
    await page.getByRole('radio', { name: 'Interleaved' }).check();
    await expect(page).toHaveURL(/view=interleaved/);
    await page.goto(`/en/read/${SEED}`);
    await expect(page.getByRole('radio', { name: 'Interleaved' })).toBeChecked();
    await page.getByRole('radio', { name: 'Side by side' }).check();
    await page.getByRole('checkbox', { name: 'Swap columns' }).uncheck();
    await expect(page).toHaveURL(/swap=0/);
  });

  test('usable at 375 px: no horizontal scrolling, both languages readable', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(`/es/read/${SEED}?view=side`);
    await expect(rows(page)).toHaveCount(10);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const es = await rows(page).first().locator('[lang="es"]').boundingBox();
    expect(es!.width).toBeGreaterThan(250);
    await page.goto('/es');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await context.close();
  });

  test('keyboard alone: skip link, reading modes, language switch', async ({ page }) => {
    await page.goto(`/en/read/${SEED}?view=side`);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
    // Tab into the reading modes and move with the arrow keys, as with any radio group.
    const side = page.getByRole('radio', { name: 'Side by side' });
    for (let i = 0; i < 10 && !(await side.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await expect(side).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(/view=interleaved/);
    await expect(page.getByRole('radio', { name: 'Interleaved' })).toBeChecked();
    const landmarks = await page.evaluate(() => ({
      banner: document.querySelectorAll('header.site-header').length,
      main: document.querySelectorAll('main').length,
      h1: document.querySelectorAll('h1').length,
    }));
    expect(landmarks).toEqual({ banner: 1, main: 1, h1: 1 });
  });

  test('keyboard alone: the rows are one Tab stop, the arrow keys go from paragraph to paragraph', async ({ page }) => {
    await page.goto(`/en/read/${SEED}?view=side`);
    await expect(rows(page)).toHaveCount(10);
    const cells = page.locator('li.row .en-text');
    const tabStops = page.locator('ol.rows .en-text[tabindex="0"]');
    await expect(tabStops).toHaveCount(1);
    const first = cells.nth(0);
    for (let i = 0; i < 30 && !(await first.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await expect(first).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(cells.nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(cells.nth(9)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(cells.nth(8)).toBeFocused();
    await page.keyboard.press('Home');
    await expect(first).toBeFocused();
    await page.keyboard.press('ArrowUp'); // nothing above the first
    await expect(first).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(cells.nth(2)).toBeFocused();
    // Still one Tab stop, now the third paragraph; Tab leaves the rows instead of visiting the other nine cells.
    await expect(tabStops).toHaveCount(1);
    await expect(tabStops).toHaveAttribute('id', (await cells.nth(2).getAttribute('id'))!);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('en-text'))).toBe(false);
    await page.keyboard.press('Shift+Tab');
    await expect(cells.nth(2)).toBeFocused();
    // Enter still opens that paragraph's editor.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: /paragraph 3/i })).toBeFocused();
  });

  test('unknown slugs and paths that try to leave content/ get a localized 404', async ({ page, request }) => {
    const target = path.join(contentDirOf(), 'escape.md');
    fs.rmSync(target, { force: true });
    fs.symlinkSync('/etc/hostname', target);
    try {
      for (const [url, heading] of [
        ['/es/read/no-existe', 'Página no encontrada'],
        ['/en/read/no-such-document', 'Page not found'],
        ['/es/read/..%2F..%2Fpackage', 'Página no encontrada'],
        ['/es/read/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 'Página no encontrada'],
        ['/es/read/%2Fetc%2Fpasswd', 'Página no encontrada'],
        ['/en/read/escape', 'Page not found'],
        ['/en/no/such/page', 'Page not found'],
      ] as const) {
        const response = await page.goto(url);
        expect(response?.status(), url).toBe(404);
        await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      }
      for (const slug of ['%2e%2e', '..%2Fpackage.json', '%2Fetc%2Fpasswd', 'escape', 'x'.repeat(500)]) {
        const res = await request.get(`/api/documents/${slug}`);
        expect(res.status(), slug).toBe(404);
        expect(await res.json(), slug).toMatchObject({ error: { code: 'not_found' } });
      }
      const bad = await request.post(`/api/documents/${SEED}/translation`, {
        data: Buffer.from('{"from": "x"'),
        headers: { 'content-type': 'application/json', ...ownOrigin() },
      });
      expect(bad.status()).toBe(400);
      for (const data of [{ from: 'x' }, { from: -1 }, [1, 2]]) {
        const res = await request.post(`/api/documents/${SEED}/translation`, { data, headers: ownOrigin() });
        expect(res.status(), JSON.stringify(data)).toBe(400);
      }
      const big = await request.post(`/api/documents/${SEED}/translation`, {
        data: JSON.stringify({ pad: 'x'.repeat(5000) }),
        headers: { 'content-type': 'application/json', ...ownOrigin() },
      });
      expect(big.status()).toBe(413);
    } finally {
      fs.rmSync(target, { force: true });
    }
  });

  test('without a model: Spanish reading works and the reader names the command to install it', async ({ page }) => {
    await page.goto(`${WITHOUT_MODEL}/en/read/${SEED}`);
    await expect(rows(page)).toHaveCount(10);
    await expect(rows(page).first().locator('[lang="es"]')).toContainText('El líder de Corea del Norte');
    await expect(page.getByRole('status')).toContainText('npx paralelo model fetch', { timeout: 30_000 });
    await expect(rows(page).first().locator('[lang="en"]')).toContainText('Not translated yet');
  });
});

test.describe('contents of a book', () => {
  // A plain-text book of 6 chapters of 20 paragraphs: chapters V and VI are on page 2 (100 rows a page).
  const BOOK = 'libro-e2e';
  const file = path.join(contentDirOf(PORT_WITHOUT_MODEL), `${BOOK}.txt`);
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI'];
  test.beforeAll(() => {
    const chapters = roman.map((n, c) =>
      [
        `Capítulo ${n}. Donde pasa algo`,
        ...Array.from({ length: 19 }, (_, i) => `Frase ${c * 19 + i + 1} del libro.`),
      ].join('\n\n'),
    );
    fs.writeFileSync(file, `El libro de prueba\n\n\n${chapters.join('\n\n\n')}\n`);
  });
  test.afterAll(() => {
    fs.rmSync(file, { force: true });
  });

  test('plain-text chapters are headings, listed in the contents, and a link opens the right page at the chapter', async ({
    page,
  }) => {
    await page.goto(`${WITHOUT_MODEL}/es/read/${BOOK}`);
    await page.getByText('Índice (7 títulos)').click();
    const contents = page.getByRole('navigation', { name: 'Índice' });
    await expect(contents.getByRole('link')).toHaveCount(7);
    await expect(contents.getByRole('link', { name: 'Capítulo I. Donde pasa algo' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await contents.getByRole('link', { name: 'Capítulo VI. Donde pasa algo' }).click();
    await expect(page).toHaveURL(/[?&]page=2.*#p-101$/);
    const row = page.locator('li#p-101');
    await expect(row).toHaveClass(/kind-heading/);
    await expect(row).toBeInViewport();
    await expect(row).toContainText('Capítulo VI. Donde pasa algo');
    // Not hidden under the sticky column heads.
    await expect
      .poll(async () => {
        const heads = await page.locator('.columns-head').boundingBox();
        const top = await row.boundingBox();
        return heads && top ? top.y - (heads.y + heads.height) : -Infinity;
      })
      .toBeGreaterThanOrEqual(-1);
    // The chapter's row is where Tab goes next: the link moved the rows' one Tab stop there.
    await page.keyboard.press('Tab');
    await expect(row.locator('.en-text')).toBeFocused();
  });
});

test.describe('translation follows the reader', () => {
  // Documents of 60 one-sentence paragraphs on one page, in the test model's server; one per test, with sentences
  // of their own, because a document whose sentences are all translated starts no job when opened.
  const DOCS = ['seguir-e2e', 'seguir-enlace-e2e'];
  const fileOf = (slug: string) => path.join(contentDirOf(), `${slug}.txt`);
  test.beforeAll(() => {
    DOCS.forEach((slug, d) => {
      const paragraphs = Array.from({ length: 60 }, (_, i) => `Este es el párrafo ${i + 1} del documento ${d + 1}.`);
      fs.writeFileSync(fileOf(slug), `Un documento largo\n\n${paragraphs.join('\n\n')}\n`);
    });
  });
  test.afterAll(() => {
    for (const slug of DOCS) fs.rmSync(fileOf(slug), { force: true });
  });

  /** Holds the reader's requests to start or steer the job, and records what they ask for. */
  async function holdJob(page: Page, slug: string): Promise<{ asked: number[]; release: () => void }> {
    const asked: number[] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/api/documents/${slug}/translation`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      asked.push((route.request().postDataJSON() as { from: number }).from);
      // Only the first request goes through, once released: the test looks at what the page asks, not at timing.
      if (asked.length > 1) return route.abort();
      await released;
      return route.continue();
    });
    return { asked, release };
  }

  test('scrolling to rows without English asks the job to continue from the first of them', async ({ page }) => {
    const job = await holdJob(page, DOCS[0]!);
    await page.goto(`/en/read/${DOCS[0]}?view=side`);
    await expect.poll(() => job.asked).toEqual([0]);
    await page.locator('li#p-45').scrollIntoViewIfNeeded();
    await expect.poll(() => job.asked.length).toBe(2);
    // The first row on screen that has no English yet, not the page's first paragraph.
    expect(job.asked[1]).toBeGreaterThanOrEqual(35);
    expect(job.asked[1]).toBeLessThanOrEqual(45);
    job.release();
    // Released, the job translates the page (its English text replaces the placeholder).
    await expect(page.locator('li#p-45 .en-text .text')).toBeVisible({ timeout: 30_000 });
  });

  test('a link to a paragraph starts the translation there', async ({ page }) => {
    const job = await holdJob(page, DOCS[1]!);
    await page.goto(`/en/read/${DOCS[1]}?view=side#p-30`);
    await expect.poll(() => job.asked).toEqual([30]);
    job.release();
    await expect(page.locator('li#p-30 .en-text .text')).toBeVisible({ timeout: 30_000 });
  });
});
