import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AlignmentLink, alignParagraphs, alignSentences } from '../../../lib/align';
import { LENGTH_ONLY_WEIGHTS, alignUnits } from '../../../lib/align/aligner';

// FLORES-200 dev, lines 1-24 (see tests/fixtures/align/README.md).
const flores = JSON.parse(readFileSync(join(__dirname, '../../fixtures/align/flores200-dev-first24.json'), 'utf8')) as {
  es: string[];
  en: string[];
  bridge: string[];
};
const es = (k: number): string => flores.es[k]!;
const en = (k: number): string => flores.en[k]!;

/** Links as "source|target" strings, easy to read in a failing assertion. */
const shape = (links: readonly AlignmentLink[]): string[] =>
  links.map((l) => `${l.source.join(',')}|${l.target.join(',')}`);
const lengthOnly = (source: string[], target: string[]): AlignmentLink[] =>
  alignUnits(source, target, { unit: 'sentence', weights: LENGTH_ONLY_WEIGHTS });

describe('alignSentences: link types', () => {
  it('pairs a faithful translation 1:1 with high confidence', () => {
    const links = alignSentences(flores.es.slice(0, 8), flores.en.slice(0, 8));
    expect(shape(links)).toEqual(['0|0', '1|1', '2|2', '3|3', '4|4', '5|5', '6|6', '7|7']);
    for (const link of links) expect(link.confidence).toBeGreaterThan(0.5);
  });

  it('finds 1:2 when the English splits a sentence in two', () => {
    const target = [
      'On Monday, scientists from the Stanford University School of Medicine announced the invention of a new diagnostic tool that can sort cells by type.',
      'It is a tiny printable chip that can be manufactured using standard inkjet printers for possibly about one U.S. cent each.',
      en(1),
      en(2),
    ];
    expect(shape(alignSentences(flores.es.slice(0, 3), target))).toEqual(['0|0,1', '1|2', '2|3']);
  });

  it('finds 2:1 when the English joins two sentences', () => {
    const target = [en(3), `${en(4)} ${en(5)}`, en(6)];
    expect(shape(alignSentences(flores.es.slice(3, 7), target))).toEqual(['0|0', '1,2|1', '3|2']);
  });

  it('finds 2:2 when both sides break the same text in different places', () => {
    const source = [
      'Se identificó al piloto como Dilokrit Pattavee, líder de escuadrón, y la prensa local informó que una patrulla de bomberos',
      'del aeropuerto volcó mientras prestaba servicio.',
    ];
    const target = [
      'The pilot was identified',
      'as Squadron Leader Dilokrit Pattavee, and local media reports an airport fire vehicle rolled over while responding.',
    ];
    expect(shape(alignSentences(source, target))).toEqual(['0,1|0,1']);
  });

  it('leaves a Spanish sentence without English as 1:0, with low confidence', () => {
    const links = alignSentences(flores.es.slice(0, 6), [en(0), en(1), en(3), en(4), en(5)]);
    expect(shape(links)).toEqual(['0|0', '1|1', '2|', '3|2', '4|3', '5|4']);
    expect(links[2]!.confidence).toBeLessThan(0.3);
  });

  it('leaves an English sentence without Spanish as 0:1, with low confidence', () => {
    const links = alignSentences(flores.es.slice(0, 4), [en(0), en(1), en(14), en(2), en(3)]);
    expect(shape(links)).toEqual(['0|0', '1|1', '|2', '2|3', '3|4']);
    expect(links[2]!.confidence).toBeLessThan(0.3);
  });
});

describe('alignSentences: evidence beyond length', () => {
  it('lets numbers and names decide which sentence has no English when length points the wrong way', () => {
    const source = [
      'El equipo ganó el partido del domingo por la tarde.',
      'Vidal jugó un total de 49 partidos oficiales para el club de Sevilla.',
    ];
    const target = ['Vidal played 49 games for the Sevilla club.'];
    expect(shape(lengthOnly(source, target))).toEqual(['0|0', '1|']);
    expect(shape(alignSentences(source, target))).toEqual(['0|', '1|0']);
  });

  it('lets the machine-translation bridge fix a case that length and anchors get wrong', () => {
    const source = ['Se sentó junto a la ventana y miró cómo caía el agua.', 'Nadie dijo nada en toda la noche.'];
    const target = ['Nobody said anything at all during the whole night.'];
    const bridge = ['He sat by the window and watched the water fall.', 'Nobody said anything all night.'];
    expect(shape(lengthOnly(source, target))).toEqual(['0|0', '1|']);
    expect(shape(alignSentences(source, target))).toEqual(['0|0', '1|']);
    const bridged = alignSentences(source, target, { bridge });
    expect(shape(bridged)).toEqual(['0|', '1|0']);
    expect(bridged[1]!.confidence).toBeGreaterThan(0.5);
  });

  it('uses the bridge on real engine output without breaking a correct alignment', () => {
    const links = alignSentences(flores.es.slice(8, 20), flores.en.slice(8, 20), {
      bridge: flores.bridge.slice(8, 20),
    });
    expect(shape(links)).toEqual(Array.from({ length: 12 }, (_, k) => `${k}|${k}`));
    for (const link of links) expect(link.confidence).toBeGreaterThan(0.5);
  });

  it('gives unrelated English low confidence everywhere, with or without a bridge', () => {
    const source = flores.es.slice(0, 8);
    const unrelated = flores.en.slice(12, 20);
    for (const links of [
      alignSentences(source, unrelated),
      alignSentences(source, unrelated, { bridge: flores.bridge.slice(0, 8) }),
    ]) {
      for (const link of links) expect(link.confidence).toBeLessThan(0.3);
    }
  });
});

describe('alignSentences: empty input', () => {
  it('returns no links for two empty sides', () => {
    expect(alignSentences([], [])).toEqual([]);
    expect(alignParagraphs([], [])).toEqual([]);
  });

  it('leaves every sentence unpaired, with low confidence, when one side is empty', () => {
    const toEmpty = alignSentences([es(0), es(1)], []);
    expect(shape(toEmpty)).toEqual(['0|', '1|']);
    const fromEmpty = alignSentences([], [en(0)], { bridge: [] });
    expect(shape(fromEmpty)).toEqual(['|0']);
    for (const link of [...toEmpty, ...fromEmpty]) expect(link.confidence).toBeLessThan(0.3);
  });

  it('copes with empty strings among the units', () => {
    const links = alignSentences([es(0), '', es(1)], [en(0), en(1)]);
    expect(links.flatMap((l) => l.source)).toEqual([0, 1, 2]);
    expect(links.flatMap((l) => l.target)).toEqual([0, 1]);
  });

  it('refuses a bridge that does not match the source', () => {
    expect(() => alignSentences([es(0)], [en(0)], { bridge: [] })).toThrow(RangeError);
  });
});

describe('alignParagraphs', () => {
  it('pairs paragraphs when the English merges three Spanish paragraphs into one', () => {
    const source = [flores.es.slice(0, 2).join(' '), es(2), es(3), es(4), es(5), flores.es.slice(6, 9).join(' ')];
    const target = [
      flores.en.slice(0, 2).join(' '),
      flores.en.slice(2, 5).join(' '),
      en(5),
      flores.en.slice(6, 9).join(' '),
    ];
    expect(shape(alignParagraphs(source, target))).toEqual(['0|0', '1,2,3|1', '4|2', '5|3']);
  });
});
