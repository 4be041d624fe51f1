import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { contentDirOf, ownOrigin } from './helpers';
import { PORT_WITH_MODEL } from './ports';

/**
 * The QA checks in the reader: a document of its own with a number changed in its English, its badge and marks,
 * the panel's counts and filter, an ignore made by keyboard and seen in the history, and `paralelo check` on the
 * same store before and after it.
 */
const SLUG = 'checks-e2e';
const FILE = path.join(contentDirOf(), `${SLUG}.md`);
const DOC = `---
title: Prueba de comprobaciones
lang: es
---

El molino del pueblo muele trigo desde hace siglos y da trabajo a 15.000 personas.

La plaza mayor se llena de flores cada primavera.
`;
const ENGLISH = [
  'The village mill has ground wheat for centuries and employs 16,000 people.',
  'The main square fills with flowers every spring.',
];
const root = path.resolve(__dirname, '../..');
const work = path.dirname(contentDirOf());

/** `paralelo check` on the e2e server's own library and store; resolves with its exit code and output. */
async function check(args: string[] = []) {
  const schema = process.env.PARALELO_E2E_DATABASE_URL
    ? {
        PARALELO_DATABASE_URL: process.env.PARALELO_E2E_DATABASE_URL,
        PARALELO_DATABASE_SCHEMA: `e2e_${PORT_WITH_MODEL}`,
      }
    : {};
  const child = spawn(process.execPath, [path.join(root, 'bin/paralelo.mjs'), 'check', SLUG, ...args], {
    env: {
      ...process.env,
      PARALELO_CONTENT_DIR: contentDirOf(),
      PARALELO_MODELS_DIR: path.join(work, 'models'),
      PARALELO_DB: path.join(work, 'paralelo.db'),
      PARALELO_MODEL: 'test/tiny-random-marian-es-en',
      PARALELO_ALLOW_TEST_MODELS: '1',
      PARALELO_PRELOAD: '0',
      LANG: 'en_US.UTF-8',
      ...schema,
    },
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, stdout, stderr };
}

const row = (page: Page, n: number) => page.locator(`li#p-${n - 1}`);

/** The checks panel, opened as a person would: Tools first where the toolbar is folded, then its summary. */
async function checksPanel(page: Page, name: 'Checks' | 'Comprobaciones') {
  const tools = page.getByRole('button', { name: /^(Tools|Herramientas)$/ });
  if ((await tools.isVisible()) && (await tools.getAttribute('aria-expanded')) !== 'true') await tools.click();
  const summary = page.locator('details.checks-panel > summary');
  if (!(await summary.evaluate((el) => (el.parentElement as HTMLDetailsElement).open))) await summary.click();
  return page.getByRole('region', { name });
}
const MISSING = 'Numbers: 15.000 is not in the English (in English: 15,000).';

async function openReader(browser: Browser, locale: 'en' | 'es', width = 1280) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: locale === 'es' ? 'es-ES' : 'en-US',
  });
  const page = await context.newPage();
  await page.goto(`/${locale}/read/${SLUG}?view=side`);
  await expect(page.getByRole('heading', { level: 1, name: 'Prueba de comprobaciones' })).toBeVisible();
  return { context, page };
}

async function axe(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('QA checks in the reader', () => {
  test.beforeAll(async ({ request }) => {
    fs.writeFileSync(FILE, DOC);
    for (const [index, text] of ENGLISH.entries()) {
      const saved = await request.put(`/api/documents/${SLUG}/paragraphs/${index}`, {
        headers: { ...ownOrigin(), 'if-match': '"0"' },
        data: { text, status: 'edited', clientSaveId: `checks-e2e-${index}` },
      });
      expect(saved.status(), await saved.text()).toBe(201);
    }
  });
  test.afterAll(() => {
    fs.rmSync(FILE, { force: true });
  });

  test('a wrong number: badge and marks, panel counts, filter; ignored by keyboard, in history; paralelo check before and after', async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const before = await check();
    expect(before.code, before.stdout + before.stderr).toBe(1);
    expect(before.stdout).toContain(`¶1  error  ${MISSING}`);

    const { context, page } = await openReader(browser, 'en');
    const panel = await checksPanel(page, 'Checks');
    await expect(panel.locator('.checks-summary')).toContainText('1 error', { timeout: 30_000 });
    const numbers = panel.getByRole('row', { name: /Numbers/ });
    await expect(numbers.getByRole('cell')).toHaveText(['1', '1', '0']);

    const badges = row(page, 1).getByRole('group', { name: /Checks of paragraph 1/ });
    await expect(badges).toContainText(MISSING);
    await expect(badges).toContainText('Numbers: 16,000 is in the English but not in the Spanish.');
    // The spans, marked in both columns.
    await expect(row(page, 1).locator('.cell-es mark')).toHaveText(['15.000']);
    await expect(row(page, 1).locator('.cell-en mark')).toHaveText(['16,000']);
    await expect(row(page, 2).locator('mark')).toHaveCount(0);
    await axe(page, 'reader with findings');

    // Only the rows with issues: paragraph 2 has none.
    const filter = panel.getByRole('checkbox', { name: 'Show only rows with issues' });
    await filter.focus();
    await page.keyboard.press('Space');
    await expect(filter).toBeChecked();
    await expect(row(page, 2)).toBeHidden();
    await expect(row(page, 1)).toBeVisible();
    await page.keyboard.press('Space');
    await expect(row(page, 2)).toBeVisible();

    // Ignored by keyboard: the badge goes, the focus is back on the paragraph, the panel counts it.
    const ignore = badges.getByRole('button', { name: `Ignore: ${MISSING}` });
    await ignore.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('editor-announcer')).toHaveText(`Ignored: ${MISSING}`);
    await expect(row(page, 1).getByText(MISSING)).toHaveCount(0);
    await expect(page.getByRole('group', { name: 'English, paragraph 1', exact: true })).toBeFocused();
    await expect(numbers.getByRole('cell')).toHaveText(['0', '1', '1'], { timeout: 30_000 });
    await expect(row(page, 1).locator('.cell-es mark')).toHaveCount(0);

    const after = await check();
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(after.stdout).toContain(`${MISSING} (ignored)`);

    // The ignore in the paragraph's history, with who and what; taken back from there.
    await page.getByRole('group', { name: 'English, paragraph 1', exact: true }).press('Enter');
    await page.getByRole('button', { name: 'History' }).press('Enter');
    const history = page.getByRole('region', { name: 'Ignored findings' });
    await expect(history.getByRole('listitem')).toHaveCount(1);
    await expect(history.getByRole('listitem')).toContainText(`ignored “${MISSING}”`);
    await axe(page, 'history with an ignore');
    await history.getByRole('button', { name: 'Stop ignoring' }).press('Enter');
    await expect(history.getByRole('listitem')).toHaveCount(2);
    await expect(history.getByRole('listitem').first()).toContainText(`stopped ignoring “${MISSING}”`);
    await expect(numbers.getByRole('cell')).toHaveText(['1', '1', '0'], { timeout: 30_000 });
    expect((await check()).code).toBe(1);
    await context.close();
  });

  test('in Spanish and at phone width: the badge worded in Spanish, axe-clean', async ({ browser }) => {
    const { context, page } = await openReader(browser, 'es', 375);
    const badges = row(page, 1).getByRole('group', { name: /Comprobaciones del párrafo 1/ });
    await expect(badges).toContainText('Números: 15.000 no está en el inglés (en inglés: 15,000).', {
      timeout: 30_000,
    });
    await expect((await checksPanel(page, 'Comprobaciones')).locator('.checks-summary')).toContainText('1 error');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await axe(page, 'reader in Spanish at 375 px');
    await context.close();
  });

  test('a save of the paragraph runs the checks again: the number put right, its badge goes', async ({ browser }) => {
    const { context, page } = await openReader(browser, 'en');
    await expect(row(page, 1)).toContainText(MISSING, { timeout: 30_000 });
    await page.getByRole('group', { name: 'English, paragraph 1', exact: true }).press('Enter');
    await page
      .getByRole('textbox', { name: 'English translation of paragraph 1', exact: true })
      .fill('The village mill has ground wheat for centuries and employs 15,000 people.');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('editor-announcer')).toHaveText('Paragraph 1 saved (edited).');
    await expect(row(page, 1).getByRole('group', { name: /Checks of paragraph 1/ })).toHaveCount(0, {
      timeout: 30_000,
    });
    await expect((await checksPanel(page, 'Checks')).locator('.checks-summary')).toContainText('No errors');
    expect((await check()).code).toBe(0);
    await context.close();
  });
});
