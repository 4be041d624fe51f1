import fs from 'node:fs';
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
});
