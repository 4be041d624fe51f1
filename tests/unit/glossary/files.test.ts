import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_GLOSSARY_ENTRIES,
  readGlossary,
  readGlossaryCsv,
  readGlossaryTbx,
  writeGlossaryCsv,
  writeGlossaryTbx,
  type GlossaryEntry,
} from '../../../lib/glossary';

const FIXTURES = path.join(__dirname, '../../fixtures/checks');
const bytes = (text: string) => new TextEncoder().encode(text);

const ENTRIES: GlossaryEntry[] = [
  {
    term: 'tribunal de apelación',
    forms: ['tribunales de apelación'],
    english: ['court of appeal', 'appeals court'],
    forbidden: ['appeal tribunal'],
    note: 'Sala de lo civil & penal, "segunda instancia"',
  },
  { term: 'año', forms: ['años'], english: ['year'], forbidden: [] },
  { term: 'acción', forms: [], english: [], forbidden: ['action'] },
];

describe('CSV glossaries', () => {
  it('reads a header in Spanish, in any order, with several values a cell', () => {
    const csv = 'inglés;término;prohibido;formas\ncourt;tribunal;tribunal|bench;tribunales\n';
    expect(readGlossaryCsv(csv)).toMatchObject({
      ok: true,
      entries: [{ term: 'tribunal', forms: ['tribunales'], english: ['court'], forbidden: ['tribunal', 'bench'] }],
    });
  });

  it('reads rows without a header as spanish, english, forms, forbidden, note', () => {
    expect(readGlossaryCsv('\uFEFFpresidente,president\npaís,country,países\n')).toMatchObject({
      ok: true,
      entries: [
        { term: 'presidente', english: ['president'] },
        { term: 'país', english: ['country'], forms: ['países'] },
      ],
    });
  });

  it('leaves out a one-letter term and an entry without English, and says which', () => {
    const read = readGlossaryCsv('spanish,english\ny,and\nley,\ngobierno,government\n');
    expect(read).toMatchObject({
      ok: true,
      entries: [{ term: 'gobierno' }],
      problems: [
        { at: 2, code: 'term_too_short', term: 'y' },
        { at: 3, code: 'no_english', term: 'ley' },
      ],
    });
  });

  it('round-trips, escaping cells a spreadsheet would run as formulas', () => {
    const entries: GlossaryEntry[] = [...ENTRIES, { term: '=SUMA', forms: [], english: ['+SUM'], forbidden: [] }];
    const csv = writeGlossaryCsv(entries);
    expect(csv).toContain("'=SUMA");
    expect(readGlossaryCsv(csv)).toMatchObject({ ok: true, entries });
  });

  it('refuses more than the limit of entries, without reading them all', () => {
    const huge = `spanish,english\n${'término,term\n'.repeat(100_000)}`;
    expect(readGlossaryCsv(huge)).toMatchObject({ ok: false, code: 'too_many', params: { max: MAX_GLOSSARY_ENTRIES } });
  });

  it('refuses a binary file and malformed CSV with a reason', () => {
    expect(readGlossaryCsv('PK\u0003\u0004\u0000\u0000')).toMatchObject({ ok: false, code: 'not_csv' });
    expect(readGlossaryCsv('spanish,english\n"sin cerrar,x\n')).toMatchObject({ ok: false, code: 'not_csv' });
    expect(readGlossaryCsv('una sola columna\notra\n')).toMatchObject({ ok: false, code: 'not_csv' });
  });
});

describe('TBX glossaries', () => {
  it('round-trips through TBX-Basic', () => {
    expect(readGlossaryTbx(writeGlossaryTbx(ENTRIES))).toEqual({
      ok: true,
      format: 'tbx',
      entries: ENTRIES,
      problems: [],
    });
  });

  it('reads TBX 2019 (conceptEntry, langSec, termSec), the preferred Spanish term first', () => {
    const tbx = `<?xml version="1.0"?>
<tbx style="dca" type="TBX-Core" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="1">
      <descrip type="definition">Órgano que juzga.</descrip>
      <langSec xml:lang="es-ES">
        <termSec><term>juzgado</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>tribunal</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="en-GB">
        <termSec><term>court</term></termSec>
        <termSec><term>tribunal</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>`;
    expect(readGlossaryTbx(tbx)).toMatchObject({
      ok: true,
      entries: [
        {
          term: 'tribunal',
          forms: ['juzgado'],
          english: ['court'],
          forbidden: ['tribunal'],
          note: 'Órgano que juzga.',
        },
      ],
    });
  });

  it('reads what translate-toolkit’s csv2tbx writes (sides labelled en and xx)', () => {
    const read = readGlossary(fs.readFileSync(path.join(FIXTURES, 'translate-toolkit.tbx')), 'translate-toolkit.tbx');
    expect(read).toMatchObject({
      ok: true,
      entries: [
        { term: 'tribunal de apelación', english: ['court of appeal'] },
        { term: 'presidente', english: ['president'] },
        { term: 'año', english: ['year'] },
      ],
    });
  });

  it('refuses entity declarations, other XML and too many entries', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><martif><text><body/></text></martif>`;
    expect(readGlossaryTbx(bomb)).toMatchObject({ ok: false, code: 'entities' });
    expect(readGlossaryTbx('<tmx version="1.4"><body/></tmx>')).toMatchObject({
      ok: false,
      code: 'not_tbx',
      params: { reason: '<tmx>' },
    });
    expect(readGlossaryTbx('<martif><text><body><termEntry>')).toMatchObject({ ok: false, code: 'not_tbx' });
    const many = `<martif><text><body>${'<termEntry><langSet xml:lang="es"><tig><term>aa</term></tig></langSet></termEntry>'.repeat(MAX_GLOSSARY_ENTRIES + 1)}</body></text></martif>`;
    expect(readGlossaryTbx(many)).toMatchObject({ ok: false, code: 'too_many' });
  });

  it('property: any glossary round-trips through TBX and CSV', () => {
    const text = fc.stringMatching(/^[a-záéíóúñ]{2,8}(?: [a-záéíóúñ]{2,8}){0,2}$/);
    const entry = fc.record({
      term: text,
      forms: fc.uniqueArray(text, { maxLength: 2 }),
      english: fc.uniqueArray(text, { minLength: 1, maxLength: 2 }),
      forbidden: fc.constant<string[]>([]),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), (raw) => {
        const entries = raw.map((e) => ({ ...e, forms: e.forms.filter((f) => f !== e.term) }));
        const tbx = readGlossaryTbx(writeGlossaryTbx(entries));
        const csv = readGlossaryCsv(writeGlossaryCsv(entries));
        return (
          tbx.ok &&
          csv.ok &&
          JSON.stringify(tbx.entries) === JSON.stringify(entries) &&
          JSON.stringify(csv.entries) === JSON.stringify(entries)
        );
      }),
    );
  });
});

describe('glossary files', () => {
  it('tells the format by the name, then by the content, and refuses others', () => {
    expect(readGlossary(bytes('tribunal,court\n'), 'g.csv')).toMatchObject({ ok: true, format: 'csv' });
    expect(readGlossary(bytes(writeGlossaryTbx(ENTRIES)), 'glossary')).toMatchObject({ ok: true, format: 'tbx' });
    expect(readGlossary(bytes('tribunal,court\n'), 'g.docx')).toMatchObject({ ok: false, code: 'unknown_format' });
    expect(readGlossary(new Uint8Array(10 * 1024 * 1024 + 1), 'g.csv')).toMatchObject({ ok: false, code: 'too_large' });
  });
});

const hasTbx2po = spawnSync('tbx2po', ['--help'], { encoding: 'utf8' }).status === 0;
if (!hasTbx2po) console.warn('[translate-toolkit] tbx2po is not on PATH: skipping the third-party TBX reader check.');

describe.skipIf(!hasTbx2po)('translate-toolkit reads the TBX Paralelo writes', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-tbx-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('tbx2po converts every entry', () => {
    fs.writeFileSync(path.join(work, 'g.tbx'), writeGlossaryTbx(ENTRIES.slice(0, 2)));
    const run = spawnSync('tbx2po', [path.join(work, 'g.tbx'), path.join(work, 'g.po')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const po = fs.readFileSync(path.join(work, 'g.po'), 'utf8');
    expect(po).toContain('msgid "tribunal de apelación"');
    expect(po).toContain('msgstr "court of appeal"');
    expect(po).toContain('msgid "año"');
  });
});
