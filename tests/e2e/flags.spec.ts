import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { contentDirOf } from './helpers';

const run = promisify(execFile);

/**
 * "Check this sentence": the document's lowest-scoring machine sentences are flagged in the reader and the editor,
 * a save removes its paragraph's flags, and `paralelo status` prints them. On a document of its own (sentences found
 * nowhere else). The e2e server's model is a generated test model, so the flags are labelled meaningless.
 */
const SLUG = 'flags-e2e';
const FILE = path.join(contentDirOf(), `${SLUG}.md`);
const PARAGRAPHS = [
  'El tranvía azul sube la cuesta cada mañana. Lo conduce una mujer de Lugo.',
  'En la parada del mercado suben los panaderos. Llevan cestas de mimbre.',
  'A mitad de camino el tranvía cruza el puente viejo. Debajo corre un río estrecho.',
  'Los estudiantes bajan en la plaza de la universidad. Algunos leen de pie.',
  'El cobrador conoce a casi todos los viajeros. Saluda a cada uno por su nombre.',
  'En invierno la línea cierra antes del anochecer. En verano llega hasta la playa.',
  'Un museo guarda el primer coche de la línea. Es de madera y hierro.',
  'Los vecinos piden que el tranvía no desaparezca nunca. Firmaron una carta al alcalde.',
];
const DOC = `---\ntitle: El tranvía azul\nlang: es\n---\n\n${PARAGRAPHS.join('\n\n')}\n`;
// Sixteen distinct sentences: the lowest tenth, rounded up, is two.
const FLAGGED = 2;
const FLAG_NAME = 'Check this sentence (generated test model: this flag means nothing)';
const FLAG_NAME_ES = 'Revisar esta frase (modelo de prueba generado: esta marca no significa nada)';

interface Confidence {
  scored: number;
  flagged: number;
  paragraphs: number[];
  testModel: boolean;
}

async function confidenceOf(page: Page): Promise<Confidence> {
  const res = await page.request.get(`/api/documents/${SLUG}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { confidence: Confidence }).confidence;
}

const row = (page: Page, index: number) => page.locator(`li#p-${index}`);

test.describe('check this sentence', () => {
  test.beforeAll(() => fs.writeFileSync(FILE, DOC));
  test.afterAll(() => fs.rmSync(FILE, { force: true }));

  test('the reader flags the lowest sentences once translated, the editor lists them, a save removes them; status prints them', async ({
    page,
  }) => {
    await page.goto(`/en/read/${SLUG}?view=side`);
    await expect(page.getByText('8 of 8 paragraphs translated')).toBeVisible({ timeout: 45_000 });
    // Known only once the whole document is translated: the page reads them again at the end, without a reload.
    const flags = page.getByRole('img', { name: FLAG_NAME, exact: true });
    await expect(flags).toHaveCount(FLAGGED);
    const confidence = await confidenceOf(page);
    expect(confidence).toMatchObject({ scored: 16, flagged: FLAGGED, testModel: true });
    // Each flagged paragraph's row carries its markers.
    const perRow = new Map<number, number>();
    for (const index of confidence.paragraphs) {
      const marked = await row(page, index).getByRole('img', { name: FLAG_NAME, exact: true }).count();
      expect(marked).toBeGreaterThan(0);
      perRow.set(index, marked);
    }
    expect([...perRow.values()].reduce((a, b) => a + b, 0)).toBe(FLAGGED);

    const { violations } = await new AxeBuilder({ page }).include('ol.rows').analyze();
    expect(violations.map((v) => v.id)).toEqual([]);

    // The other language says the same.
    await page.goto(`/es/read/${SLUG}?view=side`);
    await expect(page.getByRole('img', { name: FLAG_NAME_ES, exact: true })).toHaveCount(FLAGGED);

    // The editor lists the flagged sentences of the paragraph; saving it removes them.
    await page.goto(`/en/read/${SLUG}?view=side`);
    const first = confidence.paragraphs[0]!;
    const number = first + 1;
    await page.getByRole('group', { name: `English, paragraph ${number}`, exact: true }).click();
    const box = page.getByRole('textbox', { name: `English translation of paragraph ${number}`, exact: true });
    await expect(box).toBeFocused();
    const list = page.getByRole('region', { name: /^Check (this sentence|these \d+ sentences)/ });
    await expect(list).toBeVisible();
    const views = await page.request.get(`/api/documents/${SLUG}?from=${first}&to=${first}`);
    const view = ((await views.json()) as { paragraphs: { flags: { checkSentences: number[] } }[] }).paragraphs[0]!;
    const sentences = PARAGRAPHS[first]!.split(/(?<=\.) /u);
    for (const i of view.flags.checkSentences) await expect(list).toContainText(sentences[i]!);
    await box.fill('A sentence a person wrote for this paragraph.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('editor-announcer')).toHaveText(`Paragraph ${number} saved (edited).`);
    await expect(row(page, first).getByRole('img', { name: FLAG_NAME })).toHaveCount(0);
    const after = await confidenceOf(page);
    expect(after.paragraphs).not.toContain(first);
    expect(after.flagged).toBe(FLAGGED - (perRow.get(first) ?? 0));
    await page.reload();
    await expect(row(page, first).getByRole('img', { name: FLAG_NAME })).toHaveCount(0);

    // paralelo status on the server's own workspace prints what is left, and exits 0.
    const work = path.dirname(contentDirOf());
    const root = path.resolve(__dirname, '../..');
    const { stdout } = await run(process.execPath, [path.join(root, 'bin/paralelo.mjs'), 'status', SLUG], {
      env: {
        ...process.env,
        LANG: 'en_US.UTF-8',
        PARALELO_CONTENT_DIR: path.join(work, 'content'),
        PARALELO_DB: path.join(work, 'paralelo.db'),
        PARALELO_MODEL: 'test/tiny-random-marian-es-en',
        PARALELO_ALLOW_TEST_MODELS: '1',
      },
    });
    const counted = after.flagged === 0 ? 'none' : after.flagged === 1 ? '1 sentence' : `${after.flagged} sentences`;
    expect(stdout).toContain(`  Check this sentence: ${counted} among the lowest-scoring tenth of 16 scored sentences`);
    if (after.paragraphs.length > 0)
      expect(stdout).toContain(`in paragraphs ${after.paragraphs.map((i) => i + 1).join(', ')}`);
    expect(stdout).toContain('(generated test model: these flags mean nothing)');
  });
});
