import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EN, ES, runCli } from './run-cli';

describe('paralelo delete', () => {
  let work: string;
  let content: string;
  let env: Record<string, string>;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-cli-delete-'));
    content = path.join(work, 'content');
    fs.mkdirSync(content);
    fs.writeFileSync(path.join(content, 'molino.md'), '---\ntitle: Molino\n---\n\nEl molino muele trigo.\n');
    env = { PARALELO_CONTENT_DIR: content, PARALELO_DB: path.join(work, 'paralelo.db') };
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('does nothing without --yes (exit 2), says so in the user language, and keeps the file', async () => {
    const asked = await runCli(['delete', 'molino'], { ...ES, ...env });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('No se ha borrado nada');
    expect(fs.existsSync(path.join(content, 'molino.md'))).toBe(true);
  });

  it('with --yes moves the file into content/.deleted/ (exit 0); an unknown document exits 1', async () => {
    const done = await runCli(['delete', 'molino', '--yes'], { ...EN, ...env });
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('Deleted "molino" from the library');
    expect(fs.existsSync(path.join(content, 'molino.md'))).toBe(false);
    expect(fs.readFileSync(path.join(content, '.deleted', 'molino.md'), 'utf8')).toContain('El molino muele trigo.');
    const again = await runCli(['delete', 'molino', '--yes'], { ...EN, ...env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('There is no document "molino"');
  });
});
