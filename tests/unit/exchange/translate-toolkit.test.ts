/**
 * Debian's translate-toolkit reads what Paralelo exports: `pocount` parses the TMX and XLIFF 1.2 (it fails on
 * malformed XML) and counts the units, `xliff2po` converts the XLIFF. CI installs it (.ci/run); without it these
 * tests are skipped with a message saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGLISH_LABELS } from '../../../lib/exchange/labels';
import { renderPo } from '../../../lib/exchange/po';
import { renderTmx } from '../../../lib/exchange/tmx';
import { exchangeUnits } from '../../../lib/exchange/units';
import { renderXliff12 } from '../../../lib/exchange/xliff';
import { documentOf, paragraph } from './doc-fixture';

const hasPocount = spawnSync('pocount', ['--help'], { encoding: 'utf8' }).status === 0;
if (!hasPocount)
  console.warn(
    '[translate-toolkit] pocount is not on PATH: skipping the third-party reader checks (apt-get install translate-toolkit).',
  );

const doc = documentOf([
  paragraph(0, ['El líder & <el presidente>.', 'Dijo "sí".'], {
    sentences: ['The leader & <the president>.', 'He said "yes".'],
  }),
  paragraph(1, ['Uno.', 'Dos.', 'Tres.'], {
    sentences: ['One and two.', 'Three.'],
    origin: 'human',
    status: 'approved',
    alignment: [
      { source: [0, 1], target: [0], confidence: 1 },
      { source: [2], target: [1], confidence: 1 },
    ],
  }),
  paragraph(2, ['Sin traducir todavía.'], null),
  paragraph(3, ['Corregido 😀.'], { sentences: ['Corrected 😀.'], origin: 'human', status: 'edited' }),
  paragraph(4, ['Prueba.'], { sentences: ['qux qux'], testModel: true }),
]);

/** pocount's report for one file, without its ANSI colours. */
function report(output: string, file: string): string {
  const section = output.split('Processing file : ').find((s) => s.includes(path.basename(file)))!;
  return section.replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '');
}

/** The "Total:" row of pocount's report: [strings, source words]. */
function totals(output: string, file: string): number[] {
  return /^Total:\s+(\d+)\s+(\d+)/m.exec(report(output, file))!.slice(1, 3).map(Number);
}

/** The number of strings in one row of pocount's report ("Translated:", "Fuzzy:", "Untranslated:"). */
const row = (output: string, file: string, name: string) =>
  Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(report(output, file))![1]);

describe.skipIf(!hasPocount)('translate-toolkit reads the exports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-ttk-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const info = { toolVersion: '0.1.0', now: new Date() };
  const units = exchangeUnits(doc);

  it('pocount counts one string per translated unit in the TMX', () => {
    const file = path.join(dir, 'doc.tmx');
    fs.writeFileSync(file, renderTmx(doc, ENGLISH_LABELS, info));
    const output = execFileSync('pocount', [file], { encoding: 'utf8' });
    expect(totals(output, file)[0]).toBe(units.filter((u) => u.target !== null).length);
  });

  it('pocount counts every unit of the XLIFF 1.2, untranslated ones too, and xliff2po converts it', () => {
    const file = path.join(dir, 'doc.xlf');
    fs.writeFileSync(file, renderXliff12(doc, ENGLISH_LABELS, info));
    const output = execFileSync('pocount', [file], { encoding: 'utf8' });
    expect(totals(output, file)[0]).toBe(units.length);
    const po = path.join(dir, 'doc.po');
    execFileSync('xliff2po', [file, po], { encoding: 'utf8', stdio: 'pipe' });
    const text = fs.readFileSync(po, 'utf8');
    expect(text.match(/^msgid "[^"]/gm)).toHaveLength(units.length);
    expect(text).toContain('msgid "El líder & <el presidente>."');
    expect(text).toContain('msgstr "The leader & <the president>."');
    expect(text).toContain('msgid "Sin traducir todavía."\nmsgstr ""');
  });

  it("pocount reads the PO: people's English translated, machine output fuzzy, the rest untranslated", () => {
    const file = path.join(dir, 'doc.po');
    fs.writeFileSync(file, renderPo(doc, ENGLISH_LABELS, info));
    const output = execFileSync('pocount', [file], { encoding: 'utf8' });
    const byPerson = units.filter((u) => u.target !== null && !u.testModel && u.status !== 'machine').length;
    const machine = units.filter((u) => u.target !== null && !u.testModel && u.status === 'machine').length;
    expect(totals(output, file)[0]).toBe(units.length);
    expect(row(output, file, 'Translated')).toBe(byPerson);
    expect(row(output, file, 'Fuzzy')).toBe(machine);
    // The untranslated paragraph, and the test model's output, which is never offered as a translation.
    expect(row(output, file, 'Untranslated')).toBe(2);
    expect(byPerson + machine).toBeGreaterThan(0);
  });

  it('pocount fails on a malformed file (so the checks above mean something)', () => {
    const file = path.join(dir, 'broken.tmx');
    fs.writeFileSync(file, '<tmx version="1.4"><body><tu>');
    const run = spawnSync('pocount', [file], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toMatch(/error/i);
  });
});
