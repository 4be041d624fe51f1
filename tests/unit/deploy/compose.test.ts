/**
 * The production layout of deploy/ checked as far as it can be without Docker: the compose file parses, every
 * PARALELO_* variable it sets is one the configuration reads (a misspelt one would be silently ignored), the web
 * instances have what `paralelo serve` needs to start exposed, and Caddy proxies to services that exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Service {
  environment?: Record<string, string>;
  command?: string[];
  image?: string;
}

const compose = parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, Service> };
/** Every PARALELO_* variable lib/config.ts reads, from its source. */
const read_by_config = new Set([...read('lib/config.ts').matchAll(/env\.(PARALELO_[A-Z0-9_]+)/g)].map((m) => m[1]!));
/** Read elsewhere, at start: instrumentation.ts's model preload. */
const read_at_start = new Set(
  [...read('instrumentation.ts').matchAll(/process\.env\.(PARALELO_[A-Z0-9_]+)/g)].map((m) => m[1]!),
);

describe('deploy/compose.yaml', () => {
  it('has postgres, two web instances, a worker and a TLS proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['caddy', 'postgres', 'web-a', 'web-b', 'worker']);
    expect(compose.services['web-a']!.command).toEqual(['node', 'bin/paralelo.mjs', 'serve']);
    expect(compose.services.worker!.command!.join(' ')).toMatch(/bin\/paralelo\.mjs worker/);
  });

  it('sets only PARALELO_* variables that Paralelo reads', () => {
    const named = Object.values(compose.services).flatMap((s) =>
      Object.keys(s.environment ?? {}).filter((k) => k.startsWith('PARALELO_') && k !== 'PARALELO_DOMAIN'),
    );
    expect(named.length).toBeGreaterThan(8);
    for (const name of named) expect(read_by_config.has(name) || read_at_start.has(name), name).toBe(true);
  });

  it('gives the web instances what an exposed server needs, on one database with external workers', () => {
    for (const name of ['web-a', 'web-b']) {
      const env = compose.services[name]!.environment!;
      expect(env.PARALELO_HOST).toBe('0.0.0.0');
      expect(env.PARALELO_AUTH).toBe('accounts');
      expect(env.PARALELO_ORIGIN).toMatch(/^https:\/\//);
      expect(env.PARALELO_AUTH_SECRET).toBeDefined();
      expect(env.PARALELO_WORKERS).toBe('external');
      expect(env.PARALELO_DATABASE_URL).toBe(compose.services.worker!.environment!.PARALELO_DATABASE_URL);
    }
    expect(compose.services['web-a']!.environment!.PARALELO_DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
  });

  it('has Caddy proxy to the web services by their names and port', () => {
    const upstreams = [...read('deploy/Caddyfile').matchAll(/([a-z-]+):3000/g)].map((m) => m[1]);
    expect(upstreams.sort()).toEqual(['web-a', 'web-b']);
    expect(compose.services['web-a']!.environment!.PORT).toBe('3000');
  });
});
