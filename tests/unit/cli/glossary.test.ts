import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EN, ES, runCli as run } from './run-cli';

const CSV =
  'spanish,english,forms,forbidden,note\nmolino,mill,molinos,windmill,the building\ntrigo,wheat,,,\ny,and,,,\n';
const TBX = `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="es" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="es"><termSec><term>harina</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>flour</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
`;

describe('paralelo glossary', () => {
  let work: string;
  let env: Record<string, string>;
  const file = (name: string, text: string | Buffer) => {
    const at = path.join(work, name);
    fs.writeFileSync(at, text);
    return at;
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-glossary-'));
    fs.mkdirSync(path.join(work, 'content'));
    env = { ...EN, PARALELO_CONTENT_DIR: path.join(work, 'content'), PARALELO_DB: path.join(work, 'paralelo.db') };
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('lists an empty glossary with what to do, then imports CSV and TBX, leaving one-letter terms out', async () => {
    const empty = await run(['glossary', 'list'], env);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('The glossary is empty');

    const csv = await run(['glossary', 'import', file('terms.csv', CSV)], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('terms.csv: 2 terms added, 0 replaced.');
    expect(csv.stderr).toContain('fewer than two letters');
    const tbx = await run(['glossary', 'import', file('terms.tbx', TBX)], env);
    expect(tbx.code).toBe(0);
    expect(tbx.stdout).toContain('1 term added');
    // The same file again replaces its terms.
    expect((await run(['glossary', 'import', path.join(work, 'terms.csv')], env)).stdout).toContain(
      '0 terms added, 2 replaced',
    );

    const listed = await run(['glossary', 'list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('molino → mill  (forms: molinos)  (not: windmill)  — the building');
    expect(listed.stdout).toContain('3 terms.');
    const json = await run(['glossary', 'list', '--json'], env);
    const { entries } = JSON.parse(json.stdout) as { entries: { term: string; english: string[] }[] };
    expect(entries.map((e) => [e.term, e.english])).toEqual([
      ['harina', ['flour']],
      ['molino', ['mill']],
      ['trigo', ['wheat']],
    ]);
  });

  it('exports TBX and CSV that import again into another library as the same glossary', async () => {
    const tbx = await run(['glossary', 'export', '--format', 'tbx'], env);
    expect(tbx.code).toBe(0);
    expect(tbx.stdout).toContain('<term>molino</term>');
    const out = path.join(work, 'out.csv');
    const csv = await run(['glossary', 'export', '--format', 'csv', '--out', out], env);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain(`Glossary written to ${out}.`);
    const other = { ...env, PARALELO_DB: path.join(work, 'other.db') };
    expect((await run(['glossary', 'import', out], other)).stdout).toContain('3 terms added');
    const tbxFile = file('exported.tbx', tbx.stdout);
    const third = { ...env, PARALELO_DB: path.join(work, 'third.db') };
    expect((await run(['glossary', 'import', tbxFile], third)).code).toBe(0);
    const lists = await Promise.all([env, other, third].map((e) => run(['glossary', 'list', '--json'], e)));
    const terms = lists.map(
      (l) => (JSON.parse(l.stdout) as { entries: { term: string; forbidden: string[] }[] }).entries,
    );
    for (const t of terms)
      expect(t.map((e) => [e.term, e.forbidden])).toEqual(terms[0]!.map((e) => [e.term, e.forbidden]));
  });

  it('refuses a file that is not a glossary (1), a missing file or a wrong format (2), saying why, in Spanish too', async () => {
    const before = (await run(['glossary', 'list', '--json'], env)).stdout;
    const notTbx = await run(['glossary', 'import', file('bad.tbx', '<html><body>hola</body></html>')], env);
    expect(notTbx.code).toBe(1);
    expect(notTbx.stderr).toContain('bad.tbx is not a TBX file');
    const entities = await run(
      ['glossary', 'import', file('bomb.tbx', '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><tbx>&a;</tbx>')],
      env,
    );
    expect(entities.code).toBe(1);
    expect(entities.stderr).toContain('declares XML entities');
    const onlyShort = await run(['glossary', 'import', file('short.csv', 'spanish,english\ny,and\no,or\n')], env);
    expect(onlyShort.code).toBe(1);
    expect(onlyShort.stderr).toContain('has no usable entry');
    const rows = Array.from({ length: 20_001 }, (_, i) => `termino${i},term${i}`).join('\n');
    const many = await run(['glossary', 'import', file('many.csv', `spanish,english\n${rows}\n`)], env);
    expect(many.code).toBe(1);
    expect(many.stderr).toContain('more than 20,000 entries');
    const big = await run(['glossary', 'import', file('big.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61))], env);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('larger than');
    const txt = await run(['glossary', 'import', file('terms.txt', 'molino mill')], env);
    expect(txt.code).toBe(1);
    expect(txt.stderr).toContain('terms.txt is not a CSV file');

    const missing = await run(['glossary', 'import', path.join(work, 'nada.csv')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${path.join(work, 'nada.csv')} does not exist or is not a file`);
    expect(missing.stderr).not.toContain('ENOENT');
    const folder = await run(['glossary', 'import', work], env);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is not a file');
    expect((await run(['glossary', 'export', '--format', 'xml'], env)).code).toBe(2);
    expect((await run(['glossary', 'import'], env)).code).toBe(2);
    const spanish = await run(['glossary', 'import', path.join(work, 'bad.tbx')], { ...env, ...ES });
    expect(spanish.code).toBe(1);
    expect(spanish.stderr).toContain('no es un archivo TBX');
    // Nothing refused reached the stored glossary.
    expect((await run(['glossary', 'list', '--json'], env)).stdout).toBe(before);
  });
});
