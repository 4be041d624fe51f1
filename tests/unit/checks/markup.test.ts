import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findProtected } from '../../../lib/checks/protected-tokens';
import { findingsOf, messagesOf } from './helpers';

describe('markup check', () => {
  it.each([
    [
      'Escriba a soporte@ejemplo.es o visite https://ejemplo.es/ayuda.',
      'Write to soporte@ejemplo.es or visit https://ejemplo.es/ayuda.',
    ],
    ['Síguenos en @paralelo y usa #LibrosLibres.', 'Follow us at @paralelo and use #LibrosLibres.'],
    ['Ejecuta `npm ci` y lee el [manual](docs/manual.md).', 'Run `npm ci` and read the [guide](docs/manual.md).'],
    [
      'Es <b>muy</b> importante, <a href="x.html" title="aquí">mira</a>.',
      'It is <b>very</b> important, <a href="x.html" title="here">look</a>.',
    ],
    ['Es **muy** importante y *urgente*.', 'It is **very** important and *urgent*.'],
    ['Vive en la calle mayor_2 y suma 2*3.', 'He lives in mayor_2 street and adds 2*3.'],
  ])('keeps %s', (es, en) => {
    expect(messagesOf('markup', es, en)).toEqual([]);
  });

  it('reports a changed URL as missing and added, with both spans', () => {
    const findings = findingsOf('markup', 'Visite https://ejemplo.es/a.', 'Visit https://example.com/a.');
    expect(findings.map((f) => [f.message, f.params.token])).toEqual([
      ['markup.missing', 'https://ejemplo.es/a'],
      ['markup.added', 'https://example.com/a'],
    ]);
  });

  it('counts: a link given twice in the Spanish must be there twice', () => {
    expect(messagesOf('markup', 'Ver `a` y `a`.', 'See `a`.')).toEqual(['markup.missing']);
  });

  it('reports lost emphasis and a lost tag', () => {
    expect(findingsOf('markup', 'Es **muy** <i>raro</i>.', 'It is very <i>odd.').map((f) => f.params.token)).toEqual([
      '**',
      '**',
      '</i>',
    ]);
  });

  it('property: any URL kept in the English passes, and any URL dropped is reported', () => {
    const url = fc
      .tuple(
        fc.constantFrom('https://', 'http://'),
        fc.stringMatching(/^[a-z]{2,10}$/),
        fc.stringMatching(/^[a-z0-9/_-]{0,20}$/),
      )
      .map(([scheme, host, p]) => `${scheme}${host}.es/${p}`);
    fc.assert(
      fc.property(url, (u) => {
        const kept = messagesOf('markup', `Visite ${u} ahora.`, `Visit ${u} now.`).length === 0;
        const dropped = messagesOf('markup', `Visite ${u} ahora.`, 'Visit it now.').includes('markup.missing');
        return kept && dropped;
      }),
    );
  });

  it('leaves the punctuation after a URL to the sentence', () => {
    expect(findProtected('Visite https://es.wikipedia.org/wiki/Río_(desambiguación).').map((t) => t.text)).toEqual([
      'https://es.wikipedia.org/wiki/Río_(desambiguación)',
    ]);
  });
});
