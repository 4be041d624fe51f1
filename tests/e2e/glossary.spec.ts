import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * The glossary page on the server with no sign-in (its local user may edit): add, edit, delete by keyboard, import
 * a CSV, export a TBX, the refusal of a one-letter term and of a file that is not a glossary, axe-clean at desktop
 * and phone width. A reader's read-only view is in accounts.spec.ts (a reader needs accounts).
 */
async function axe(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('glossary page', () => {
  test.afterAll(async ({ request }) => {
    // Leaves the library's glossary empty for the other specs.
    const { entries } = (await (await request.get('/api/glossary')).json()) as { entries: { id: number }[] };
    for (const e of entries)
      await request.delete(`/api/glossary/${e.id}`, {
        headers: { origin: new URL(test.info().project.use.baseURL!).origin },
      });
  });

  test('add, edit and delete a term by keyboard; a one-letter term is refused; import CSV, export TBX', async ({
    page,
  }, info) => {
    await page.goto('/en');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Glossary' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
    await expect(page.getByText('The glossary has no term yet.')).toBeVisible();

    const form = page.getByRole('form', { name: 'Add a term' });
    await form.getByRole('textbox', { name: 'Spanish term' }).fill('y');
    await form.getByRole('textbox', { name: 'English', exact: true }).fill('and');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText('y has fewer than two letters');

    await form.getByRole('textbox', { name: 'Spanish term' }).fill('molino');
    await form.getByRole('textbox', { name: 'English', exact: true }).fill('mill');
    await form.getByRole('textbox', { name: 'Other forms' }).fill('molinos');
    await form.getByRole('textbox', { name: 'Forbidden English' }).fill('windmill');
    await form.getByRole('button', { name: 'Add the term' }).press('Enter');
    await expect(page.getByRole('status')).toContainText('molino added to the glossary.');
    const table = page.getByRole('region', { name: "The glossary's terms" });
    await expect(table.getByRole('row', { name: /molino/ })).toContainText('windmill');
    await axe(page, 'glossary with a term');

    await table.getByRole('button', { name: 'Edit molino' }).press('Enter');
    const edit = page.getByRole('form', { name: 'Edit molino' });
    await expect(edit.getByRole('textbox', { name: 'Spanish term' })).toBeFocused();
    await edit.getByRole('textbox', { name: 'English', exact: true }).fill('mill | grinder');
    await edit.getByRole('button', { name: 'Save the term' }).press('Enter');
    await expect(page.getByRole('status')).toContainText('molino saved.');
    await expect(table.getByRole('row', { name: /molino/ })).toContainText('mill, grinder');

    const csv = path.join(info.outputDir, 'terminos.csv');
    fs.mkdirSync(info.outputDir, { recursive: true });
    fs.writeFileSync(csv, 'spanish,english,forms,forbidden\nplaza mayor,main square,,\npueblo,village,pueblos,town\n');
    await page.getByLabel('Import a TBX or CSV glossary').setInputFiles(csv);
    await page.getByRole('button', { name: 'Import', exact: true }).press('Enter');
    await expect(page.getByRole('status')).toContainText('terminos.csv: 2 terms added, 0 replaced.');
    await expect(page.getByRole('heading', { name: '3 terms' })).toBeVisible();

    const bad = path.join(info.outputDir, 'notas.docx');
    fs.writeFileSync(bad, 'not a glossary');
    await page.getByLabel('Import a TBX or CSV glossary').setInputFiles(bad);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('notas.docx is neither a .tbx nor a .csv file');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export as TBX' }).click();
    const tbx = fs.readFileSync((await (await download).path())!, 'utf8');
    expect(tbx).toContain('<martif type="TBX-Basic"');
    expect(tbx).toContain('grinder');
    expect(tbx).toContain('plaza mayor');

    await table.getByRole('button', { name: 'Delete pueblo' }).press('Enter');
    await expect(page.getByRole('status')).toContainText('pueblo deleted from the glossary.');
    await expect(page.getByRole('heading', { name: '2 terms' })).toBeVisible();
  });

  test('in Spanish at phone width: worded in Spanish, nothing wider than the screen, axe-clean', async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto('/es/glossary');
    await expect(page.getByRole('heading', { level: 1, name: 'Glosario' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Añadir un término' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await axe(page, 'glossary in Spanish at 375 px');
    await context.close();
  });
});
