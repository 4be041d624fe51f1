import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../cli/main';
import { createTranslator } from '../../../cli/i18n';
import { loadConfig } from '../../../lib/config';
import { distBundle } from '../../../lib/dist-bundle.mjs';
import { EN, ROOT, runCli } from './run-cli';

describe('the paralelo command as installed', () => {
  it('runs the CLI built ahead of time (the unit tests build it first), with every command of cli/commands', async () => {
    expect(distBundle(ROOT, 'cli.mjs')).toMatchObject({ fresh: true });
    const { t, language } = createTranslator('en');
    const program = buildProgram({
      config: loadConfig({ ...process.env, PARALELO_ROOT: ROOT }),
      t,
      language,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    });
    const names = program.commands.map((c) => c.name());
    expect(names.length).toBeGreaterThan(5);
    const help = await runCli(['--help'], EN);
    expect(help.code, help.stderr).toBe(0);
    for (const name of names) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('ships neither tsx nor onnx-proto in what it runs: both are dev dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const dev of ['tsx', 'onnx-proto', 'esbuild']) {
      expect(pkg.dependencies[dev]).toBeUndefined();
      expect(pkg.devDependencies[dev]).toBeDefined();
    }
    for (const bundle of ['cli.mjs', 'decoder-thread.mjs']) {
      const code = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
      expect(code).not.toMatch(/(from |require\()["'](tsx|onnx-proto)|tsImport\(/);
    }
  });

  it('loads pg and pg-boss only for a team server: a command over SQLite never does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-lazy-pg-'));
    fs.mkdirSync(path.join(dir, 'content'));
    // The packages of node_modules a `paralelo status` of the built CLI loaded, as the child lists them at its end.
    const script = `
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'cli.mjs'))});
      await main(['status'], { stdout: { write() {} }, stderr: { write() {} } });
      const names = Object.keys(createRequire(import.meta.url).cache)
        .map((m) => m.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1]).filter(Boolean);
      console.log(JSON.stringify([...new Set(names)]));`;
    const loaded = (database?: string): string[] => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...EN,
        PARALELO_CONTENT_DIR: path.join(dir, 'content'),
        PARALELO_DB: path.join(dir, 'paralelo.sqlite'),
      };
      delete env.PARALELO_DATABASE_URL;
      if (database) env.PARALELO_DATABASE_URL = database;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
      return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
    };
    try {
      const sqlite = loaded();
      expect(sqlite).toContain('better-sqlite3');
      expect(sqlite).not.toContain('pg');
      expect(sqlite).not.toContain('pg-boss');
      // Nothing listens on port 1: the store fails to connect, after loading the driver it chose.
      expect(loaded('postgres://paralelo@127.0.0.1:1/paralelo')).toContain('pg');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
