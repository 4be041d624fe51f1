import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { contentDirOf, SEED_TITLE } from './helpers';

const content = contentDirOf();

test.describe('library', () => {
  test.afterEach(() => {
    for (const f of ['nuevo-documento.md', 'roto.md', 'binario.txt', 'fuera.md', 'para-borrar.md'])
      fs.rmSync(path.join(content, f), { force: true });
    fs.rmSync(path.join(content, '.deleted'), { recursive: true, force: true });
  });

  test('lists the seed with title, word count and translation status', async ({ page }) => {
    await page.goto('/en');
    const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: SEED_TITLE }) });
    await expect(item).toBeVisible();
    await expect(item).toContainText('434 words');
    await expect(item).toContainText('10 paragraphs');
    await expect(item.getByTestId('translation-status')).toBeVisible();
  });

  test('an admin deletes a document after saying yes; its file is kept in content/.deleted/', async ({ page }) => {
    fs.writeFileSync(path.join(content, 'para-borrar.md'), '---\ntitle: Para borrar\n---\n\nUn texto de más.\n');
    await page.goto('/en');
    const remove = page.getByRole('button', { name: 'Delete “Para borrar”' });
    // Saying no keeps it.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await remove.click();
    await expect(page.getByRole('link', { name: 'Para borrar' })).toBeVisible();
    expect(fs.existsSync(path.join(content, 'para-borrar.md'))).toBe(true);
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('Take “Para borrar” out of the library?');
      void dialog.accept();
    });
    await remove.click();
    await expect(page.getByRole('link', { name: 'Para borrar' })).toHaveCount(0);
    expect(fs.existsSync(path.join(content, 'para-borrar.md'))).toBe(false);
    expect(fs.readFileSync(path.join(content, '.deleted', 'para-borrar.md'), 'utf8')).toContain('Un texto de más.');
    await expect(page.getByRole('link', { name: SEED_TITLE })).toBeVisible();
  });

  test('a file added to content/ appears on reload; broken files are error entries that name the problem', async ({
    page,
  }) => {
    await page.goto('/es');
    await expect(page.getByRole('link', { name: 'Un documento nuevo' })).toHaveCount(0);
    fs.writeFileSync(
      path.join(content, 'nuevo-documento.md'),
      '---\ntitle: Un documento nuevo\n---\n\nHola. ¿Qué tal?\n',
    );
    fs.writeFileSync(path.join(content, 'roto.md'), '---\ntitle: [sin cerrar\n---\n\nTexto.\n');
    fs.writeFileSync(path.join(content, 'binario.txt'), Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]));
    fs.symlinkSync('/etc/hostname', path.join(content, 'fuera.md'));
    await page.reload();
    await expect(page.getByRole('link', { name: 'Un documento nuevo' })).toBeVisible();
    const problems = page.getByRole('region', { name: 'Archivos que no se pudieron abrir' });
    await expect(problems).toContainText('roto.md');
    await expect(problems).toContainText('encabezado de metadatos no es válido');
    await expect(problems).toContainText('binario.txt');
    await expect(problems).toContainText('fuera.md');
    // The good documents are still listed.
    await expect(page.getByRole('link', { name: SEED_TITLE })).toBeVisible();
    const api = await page.request.get('/api/documents');
    expect(api.status()).toBe(200);
    const body = (await api.json()) as { documents: { ok: boolean; fileName: string; code?: string }[] };
    expect(body.documents.find((d) => d.fileName === 'roto.md')).toMatchObject({ ok: false, code: 'front_matter' });
    expect(body.documents.find((d) => d.fileName === 'binario.txt')).toMatchObject({ ok: false, code: 'binary' });
    expect(body.documents.find((d) => d.fileName === 'fuera.md')).toMatchObject({ ok: false, code: 'outside_content' });
  });
});
