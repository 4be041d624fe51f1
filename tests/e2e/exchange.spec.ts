import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readTranslationFile } from '../../lib/exchange/read-units';
import { strFromU8, unzipSync } from 'fflate';
import { buildDocx } from '../unit/exchange/docx-builder';
import { buildEpub } from '../unit/exchange/epub-builder';
import { contentDirOf, ownOrigin, SEED } from './helpers';

const content = contentDirOf();
const FIXTURES = path.resolve(__dirname, '../fixtures/exchange');
const created = new Set<string>();

async function importFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.goto('/en');
  await page.getByLabel('File').setInputFiles(file);
  await page.getByRole('button', { name: 'Import' }).click();
  return page.getByTestId('import-status');
}

function remember(page: Page) {
  page.on('response', async (response) => {
    if (
      response.url().endsWith('/api/documents') &&
      response.request().method() === 'POST' &&
      response.status() === 201
    ) {
      const body = (await response.json()) as { slug: string };
      created.add(body.slug);
    }
  });
}

test.describe('import and export', () => {
  test.afterAll(() => {
    for (const slug of created) fs.rmSync(path.join(content, `${slug}.md`), { force: true });
  });

  test('pasted text is imported from the library, announced, linked, listed and opens in the reader', async ({
    page,
  }) => {
    remember(page);
    await page.goto('/en');
    await page.getByLabel('Title').fill('Una prueba pegada');
    await page
      .getByLabel('Text to paste')
      .fill('Primer párrafo pegado. Con dos frases.\n\nSegundo <b>párrafo</b> & fin.');
    await page.getByRole('button', { name: 'Import' }).press('Enter');
    const status = page.getByTestId('import-status');
    await expect(status).toContainText('Imported “Una prueba pegada”.');
    await expect(status).toHaveAttribute('aria-live', 'polite');
    await page.reload();
    await expect(page.getByRole('link', { name: 'Una prueba pegada' })).toBeVisible();
    await page.getByRole('link', { name: 'Una prueba pegada' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Una prueba pegada' })).toBeVisible();
    await expect(page.getByText('Segundo <b>párrafo</b> & fin.')).toBeVisible();
  });

  test('an uploaded web page keeps its article only', async ({ page }) => {
    remember(page);
    const status = await importFile(page, {
      name: 'pagina.html',
      mimeType: 'text/html',
      buffer: fs.readFileSync(path.join(FIXTURES, 'page.html')),
    });
    await expect(status).toContainText('Imported “La biblioteca del pueblo abre de noche”.');
    await status.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'La biblioteca del pueblo abre de noche' })).toBeVisible();
    await expect(page.getByText(/La biblioteca municipal abrirá sus puertas/)).toBeVisible();
    await expect(page.getByText(/Portada|ANUNCIO|PIE-DE-PAGINA/)).toHaveCount(0);
  });

  test('an uploaded DOCX keeps its headings', async ({ page }) => {
    remember(page);
    const docx = buildDocx([
      { text: 'Informe de prueba', style: 'Title' },
      { text: 'Resumen', style: 'Heading1' },
      { text: 'El informe tiene un párrafo.' },
    ]);
    const status = await importFile(page, {
      name: 'informe.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    });
    await expect(status).toContainText('Imported “Informe de prueba”.');
    await status.getByRole('link').click();
    await expect(page.getByText('El informe tiene un párrafo.')).toBeVisible();
    await expect(page.locator('li.row.kind-heading', { hasText: 'Resumen' })).toBeVisible();
    // Two headings: the contents list names both.
    await page.getByText(/^Contents \(2 headings\)$/).click();
    await expect(
      page.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: 'Resumen' }),
    ).toBeVisible();
  });

  test('an uploaded EPUB keeps its chapters for the contents list and says what it left out and skipped', async ({
    page,
  }) => {
    remember(page);
    const epub = buildEpub({
      title: 'Novela de prueba',
      navInSpine: true,
      chapters: [
        { file: 'c1.xhtml', title: 'Capítulo primero', body: '<p>Era una noche oscura.</p>' },
        { file: 'c2.xhtml', title: 'Capítulo perdido', body: '<p>Nunca llega.</p>' },
        { file: 'c3.xhtml', title: 'Capítulo tercero', body: '<p>Amaneció sobre el río.</p>' },
      ],
      missing: ['c2.xhtml'],
    });
    const status = await importFile(page, {
      name: 'novela.epub',
      mimeType: 'application/epub+zip',
      buffer: Buffer.from(epub),
    });
    await expect(status).toContainText('Imported “Novela de prueba”.');
    await expect(status.getByRole('listitem').filter({ hasText: 'table of contents (OEBPS/nav.xhtml)' })).toBeVisible();
    await expect(status.getByText('Skipped, could not be read:')).toBeVisible();
    await expect(
      status.getByRole('listitem').filter({ hasText: 'OEBPS/c2.xhtml: listed in the spine, missing from the archive' }),
    ).toBeVisible();
    await status.getByRole('link').click();
    await expect(page.getByText('Amaneció sobre el río.')).toBeVisible();
    await page.getByText(/^Contents \(2 headings\)$/).click();
    await expect(
      page.getByRole('navigation', { name: 'Contents' }).getByRole('link', { name: 'Capítulo tercero' }),
    ).toBeVisible();
  });

  test('a DRM-protected EPUB is refused in the form, saying so', async ({ page }) => {
    const epub = buildEpub({
      chapters: [{ file: 'c1.xhtml', title: 'Uno', body: '<p>Uno.</p>' }],
      encryption:
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/c1.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>',
    });
    const status = await importFile(page, {
      name: 'drm.epub',
      mimeType: 'application/epub+zip',
      buffer: Buffer.from(epub),
    });
    await expect(status).toContainText('The import failed: drm.epub: it is protected by DRM');
  });

  test('a file over 10 MB is refused with the limit, in the form and by the API, and nothing is stored', async ({
    page,
  }) => {
    const before = fs.readdirSync(content).sort();
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 'a');
    const status = await importFile(page, { name: 'grande.txt', mimeType: 'text/plain', buffer: big });
    await expect(status).toContainText('over the import limit of 10 MB');
    const api = await page.request.post('/api/documents', {
      multipart: { file: { name: 'grande.txt', mimeType: 'text/plain', buffer: big } },
      headers: ownOrigin(),
    });
    expect(api.status()).toBe(413);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain('10485760 bytes (10 MB)');
    const bad = await page.request.post('/api/documents', { data: { text: 42 }, headers: ownOrigin() });
    expect(bad.status()).toBe(400);
    expect(fs.readdirSync(content).sort()).toEqual(before);
  });

  test('TMX downloaded from the reader parses, with test-model output labelled', async ({ page }) => {
    await page.goto(`/en/read/${SEED}`);
    await expect(page.getByText('10 of 10 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    const downloads = page.getByRole('navigation', { name: 'Download this document' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      downloads.getByRole('link', { name: /TMX/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${SEED}.tmx`);
    const file = await download.path();
    const read = readTranslationFile(fs.readFileSync(file, 'utf8'));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.format).toBe('tmx');
    expect(read.units.length).toBeGreaterThanOrEqual(10);
    expect(read.units.every((u) => u.testModel && u.target !== null)).toBe(true);
    const xliff = await page.request.get(`/api/documents/${SEED}/export?format=xliff20`);
    expect(xliff.headers()['content-disposition']).toContain(`filename="${SEED}.xliff2.xlf"`);
    expect((await page.request.get(`/api/documents/${SEED}/export?format=pdf`)).status()).toBe(400);
  });

  test('the bilingual EPUB, the English EPUB and the DOCX download from the reader, labelled', async ({ page }) => {
    await page.goto(`/en/read/${SEED}`);
    await expect(page.getByText('10 of 10 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    const downloads = page.getByRole('navigation', { name: 'Download this document' });
    const fetch = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        downloads.getByRole('link', { name, exact: true }).click(),
      ]);
      return { name: download.suggestedFilename(), files: unzipSync(fs.readFileSync(await download.path())) };
    };
    const bilingual = await fetch('Bilingual EPUB (e-book)');
    expect(bilingual.name).toBe(`${SEED}.es-en.epub`);
    expect(Object.keys(bilingual.files)[0]).toBe('mimetype');
    const chapter = strFromU8(bilingual.files['OEBPS/c001.xhtml']!);
    expect(chapter).toContain('El líder de Corea del Norte');
    // The test model's output is labelled before every English paragraph.
    expect(chapter).toContain('[test-model output, not a translation] </span>');
    const english = await fetch('English EPUB (e-book)');
    expect(english.name).toBe(`${SEED}.en.epub`);
    expect(strFromU8(english.files['OEBPS/c001.xhtml']!)).not.toContain('El líder de Corea del Norte');
    const docx = await fetch('Bilingual Word table (DOCX)');
    expect(docx.name).toBe(`${SEED}.es-en.docx`);
    expect(strFromU8(docx.files['word/document.xml']!)).toContain('El líder de Corea del Norte');
    const po = await page.request.get(`/api/documents/${SEED}/export?format=po`);
    expect(po.headers()['content-disposition']).toContain(`filename="${SEED}.po"`);
  });

  test('XLIFF and PO imported as memory through the API report units imported and skipped', async ({ request }) => {
    for (const [name, mimeType, format] of [
      ['pud-excerpt.xlf', 'application/xliff+xml', 'xliff12'],
      ['pud-excerpt.po', 'text/x-gettext-translation', 'po'],
    ] as const) {
      const response = await request.post('/api/memory/import', {
        multipart: { file: { name, mimeType, buffer: fs.readFileSync(path.join(FIXTURES, name)) } },
        headers: ownOrigin(),
      });
      expect(response.status()).toBe(200);
      expect(await response.json()).toMatchObject({ format, imported: 5, skipped: 1, reasons: { header: 1 } });
    }
    const broken = await request.post('/api/memory/import', {
      multipart: { file: { name: 'roto.tmx', mimeType: 'text/xml', buffer: Buffer.from('<tmx><body>') } },
      headers: ownOrigin(),
    });
    expect(broken.status()).toBe(422);
  });
});
