import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distBundle, hasTsx } from '../../lib/dist-bundle.mjs';

describe('which bundle of dist/ runs', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
  });
  /** A project folder with one source and its bundle, the bundle `age` ms older (negative: newer) than the source. */
  function project(age: number, inputs: object | null = { 'x.mjs': ['src/x.ts'] }) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'paralelo-dist-'));
    roots.push(root);
    fs.mkdirSync(path.join(root, 'src'));
    fs.mkdirSync(path.join(root, 'dist'));
    fs.writeFileSync(path.join(root, 'src/x.ts'), 'export {};');
    fs.writeFileSync(path.join(root, 'dist/x.mjs'), 'export {};');
    if (inputs) fs.writeFileSync(path.join(root, 'dist/inputs.json'), JSON.stringify(inputs));
    const now = Date.now() / 1000;
    fs.utimesSync(path.join(root, 'src/x.ts'), now, now);
    fs.utimesSync(path.join(root, 'dist/x.mjs'), now - age / 1000, now - age / 1000);
    return root;
  }

  it('is fresh when built after its sources, stale when a source changed since', () => {
    expect(distBundle(project(-5000), 'x.mjs')).toMatchObject({ fresh: true });
    const stale = project(5000);
    expect(distBundle(stale, 'x.mjs')).toEqual({ file: path.join(stale, 'dist/x.mjs'), fresh: false });
  });

  it('is absent when not built, and not fresh without the list of its sources', () => {
    const root = project(-5000, null);
    expect(distBundle(root, 'y.mjs')).toBeNull();
    expect(distBundle(root, 'x.mjs')).toMatchObject({ fresh: false });
    expect(hasTsx(root)).toBe(false);
  });

  it('ignores a source removed since the build', () => {
    const root = project(-5000, { 'x.mjs': ['src/x.ts', 'src/gone.ts'] });
    expect(distBundle(root, 'x.mjs')).toMatchObject({ fresh: true });
  });
});
