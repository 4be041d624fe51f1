import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { can, ROLES, type Action } from '../../../lib/access/roles';
import {
  bearerToken,
  checkJsonType,
  checkWrite,
  isAllowedHost,
  isLoopbackAddress,
  normalizeOrigin,
  safeReturnPath,
} from '../../../lib/access/request-policy';

const settings = { origins: ['https://paralelo.example'], port: 3000 };
const write = (headers: Partial<Parameters<typeof checkWrite>[0]>) =>
  checkWrite(
    { method: 'POST', host: 'localhost:3000', origin: null, secFetchSite: null, authorization: null, ...headers },
    settings,
  );

describe('Host allow-list (DNS rebinding)', () => {
  it('accepts loopback names on the server port and the hosts of PARALELO_ORIGIN only', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST:3000', 'paralelo.example'])
      expect(isAllowedHost(host, settings), host).toBe(true);
    for (const host of [
      'evil.example',
      'evil.example:3000',
      'localhost:3001',
      'localhost',
      'localhost.:3000',
      '127.0.0.2:3000',
      '',
      'paralelo.example:8443',
      'a@localhost:3000',
    ])
      expect(isAllowedHost(host, settings), host).toBe(false);
    expect(write({ host: 'evil.example:3000', origin: 'http://evil.example:3000' })).toEqual({
      ok: false,
      status: 421,
      code: 'misdirected',
    });
  });
});

describe('same-origin writes', () => {
  it('takes a write from the page’s own origin, a configured origin, Sec-Fetch-Site: same-origin, or with a token', () => {
    expect(write({ origin: 'http://localhost:3000' }).ok).toBe(true);
    expect(write({ host: 'paralelo.example', origin: 'https://paralelo.example' }).ok).toBe(true);
    expect(write({ secFetchSite: 'same-origin' }).ok).toBe(true);
    expect(write({ origin: 'null', secFetchSite: 'same-origin' }).ok).toBe(true);
    expect(write({ authorization: 'Bearer plo_abc' }).ok).toBe(true);
    expect(write({ method: 'GET' }).ok).toBe(true);
  });

  it('refuses another site, another port, Origin: null, a bare form and a cross-site fetch', () => {
    const refused = { ok: false, status: 403, code: 'foreign_origin' };
    expect(write({ origin: 'http://evil.example:3299' })).toEqual(refused);
    expect(write({ origin: 'http://localhost:3299' })).toEqual(refused);
    expect(write({ origin: 'http://127.0.0.1:3000' })).toEqual(refused); // Host says localhost: not the same origin
    expect(write({ origin: 'null' })).toEqual(refused);
    expect(write({})).toEqual(refused);
    expect(write({ secFetchSite: 'cross-site' })).toEqual(refused);
    expect(write({ secFetchSite: 'same-site' })).toEqual(refused);
    expect(write({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual(refused);
    expect(write({ method: 'DELETE', origin: 'http://evil.example' })).toEqual(refused);
  });

  it('never lets a foreign origin write, whatever else the request says (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
        fc.domain(),
        fc.option(fc.constantFrom('same-origin', 'cross-site', 'none', 'same-site'), { nil: null }),
        (method, domain, secFetchSite) => {
          fc.pre(!['localhost', 'paralelo.example'].includes(domain));
          const decision = write({ method, origin: `http://${domain}`, secFetchSite });
          expect(decision.ok).toBe(false);
        },
      ),
    );
  });

  it('requires application/json for JSON endpoints', () => {
    expect(checkJsonType('application/json; charset=utf-8').ok).toBe(true);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null])
      expect(checkJsonType(type).ok, String(type)).toBe(false);
  });

  it('reads settings and headers strictly', () => {
    expect(normalizeOrigin('https://Paralelo.example/')).toBe('https://paralelo.example');
    expect(normalizeOrigin('https://paralelo.example/path')).toBeNull();
    expect(normalizeOrigin('ftp://x')).toBeNull();
    expect(bearerToken('Bearer plo_x')).toBe('plo_x');
    expect(bearerToken('Bearer ')).toBeNull();
    expect(isLoopbackAddress('127.0.0.1') && isLoopbackAddress('::1') && isLoopbackAddress('localhost')).toBe(true);
    expect(isLoopbackAddress('0.0.0.0') || isLoopbackAddress('192.168.1.5') || isLoopbackAddress('::')).toBe(false);
  });
});

describe('the page to go back to after signing in (no open redirect)', () => {
  const back = (value: string | null) => safeReturnPath(value, ['es', 'en'], '/es');

  it('keeps a path of the app’s own pages, with its query and fragment', () => {
    expect(back('/es/read/kim?page=2&at=103#p-103')).toBe('/es/read/kim?page=2&at=103#p-103');
    expect(back('/en')).toBe('/en');
    expect(back('/en/read/a%20b')).toBe('/en/read/a%20b');
  });

  it('sends anything that could leave the site, or is not a page, to the library', () => {
    for (const value of [
      null,
      '',
      'https://evil.example/',
      '//evil.example',
      '///evil.example',
      '/\\evil.example',
      '/\tevil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/es/\r\nSet-Cookie: x=1',
      '/..//evil.example',
      '/es/..//evil.example',
      'javascript:alert(1)',
      '/api/session',
      '/evil.example',
      `/es/${'x'.repeat(600)}`,
    ])
      expect(back(value), JSON.stringify(value)).toBe('/es');
  });

  it('never names another origin, as a browser would read the Location (property)', () => {
    const piece = fc.constantFrom(
      '/',
      '\\',
      '.',
      '..',
      'es',
      'en',
      '@',
      ':',
      '%2F',
      '%5C',
      '\t',
      '\n',
      ' ',
      'evil.example',
      '?',
      '#',
      'http:',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(piece, { maxLength: 8 }).map((a) => a.join('')),
          fc.string(),
        ),
        (value) => {
          const path = back(value);
          // The WHATWG URL parser is the browser's: resolved against a page of the app, it stays on the app.
          expect(new URL(path, 'http://paralelo.example:3000/es/login').origin).toBe('http://paralelo.example:3000');
          expect(path).toMatch(/^\/(es|en)(\/|\?|#|$)/);
          // eslint-disable-next-line no-control-regex -- what a header may not carry
          expect(path).not.toMatch(/[\u0000-\u001F\u007F\s]/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('roles', () => {
  it('each role includes the ones below it', () => {
    const cases: [Action, boolean[]][] = [
      ['read', [true, true, true, true]],
      ['export', [true, true, true, true]],
      ['edit', [false, true, true, true]],
      ['importTranslation', [false, true, true, true]],
      ['realign', [false, true, true, true]],
      ['ignoreFinding', [false, true, true, true]],
      ['editGlossary', [false, true, true, true]],
      ['approve', [false, false, true, true]],
      ['importDocument', [false, false, false, true]],
      ['importMemory', [false, false, false, true]],
      ['manageUsers', [false, false, false, true]],
    ];
    for (const [action, expected] of cases)
      expect(
        ROLES.map((r) => can(r, action)),
        action,
      ).toEqual(expected);
  });
});
