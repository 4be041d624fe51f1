import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../lib/checks';
import { findingsOf, messagesOf } from './helpers';

// FLORES-200 dev, sentences 1-3 (CC BY-SA 4.0; see tests/fixtures/checks/README.md).
const ES = [
  'El lunes, los científicos de la facultad de medicina de la Universidad de Stanford anunciaron el invento de una nueva herramienta de diagnóstico que puede catalogar las células según su tipo: un pequeño chip que se puede imprimir y fabricar con impresoras de inyección de uso común por un posible costo de, aproximadamente, un centavo de dólar por cada uno.',
  'Los investigadores principales sostienen que esto podría llevar a la detección temprana de cáncer, tuberculosis, VIH y malaria en pacientes de países de bajos ingresos, donde los índices de supervivencia de enfermedades como el cáncer de mama pueden ser de la mitad que los de países más ricos.',
  'El JAS 39C Gripen se estrelló contra una pista alrededor de las 9:30 de la mañana hora local (0230 UTC) y explotó, lo que causó el cierre del aeropuerto para vuelos comerciales.',
];
const EN = [
  'On Monday, scientists from the Stanford University School of Medicine announced the invention of a new diagnostic tool that can sort cells by type: a tiny printable chip that can be manufactured using standard inkjet printers for possibly about one U.S. cent each.',
  'Lead researchers say this may bring early detection of cancer, tuberculosis, HIV and malaria to patients in low-income countries, where the survival rates for illnesses such as breast cancer can be half those of richer countries.',
  'The JAS 39C Gripen crashed onto a runway at around 9:30 am local time (0230 UTC) and exploded, closing the airport to commercial flights.',
];

describe('omission check', () => {
  it('passes a complete translation', () => {
    expect(messagesOf('omission', ES.join(' '), EN.join(' '))).toEqual([]);
  });

  it('reports an empty English as an error', () => {
    expect(findingsOf('omission', ES[0]!, '  ')).toMatchObject([{ message: 'omission.empty', severity: 'error' }]);
  });

  it.each([0, 1, 2])('reports sentence %i left out, pointing at it in the Spanish', (dropped) => {
    const source = ES.join(' ');
    const findings = findingsOf('omission', source, EN.filter((_, i) => i !== dropped).join(' '));
    expect(findings.map((f) => f.params.sentence)).toEqual([dropped + 1]);
    const span = findings[0]!.source[0]!;
    expect(source.slice(span.start, span.end)).toBe(ES[dropped]);
  });

  it('uses the alignment the caller gives (the reader’s views carry one)', () => {
    const report = runChecks(
      {
        pairs: [
          {
            index: 0,
            source: ES.slice(0, 2).join(' '),
            target: EN[0]!,
            sourceSentences: ES.slice(0, 2),
            targetSentences: [EN[0]!],
            alignment: [
              { source: [0], target: [0], confidence: 1 },
              { source: [1], target: [], confidence: 0.9 },
            ],
          },
        ],
      },
      { only: ['omission'] },
    );
    expect(report.findings.map((f) => [f.message, f.severity, f.params.sentence])).toEqual([
      ['omission.sentence', 'error', 2],
    ]);
  });

  // Written for these tests, after newstest2012 dev paragraphs whose dropped sentence the aligner merged into a
  // neighbour's link with English long enough for both.
  it.each([
    [
      'Con más de 30 partidos en la selección figuran Gerard Piqué (37), Sergio Busquets (36) y Raúl Albiol (31). El resto no llega a los 20.',
      'With more than 30 matches for the national team are Gerard Piqué (37), Sergio Busquets (36) and Raúl Albiol (31).',
      2,
    ],
    [
      'El alcalde inauguró ayer la nueva biblioteca municipal, que tiene 40.000 libros y una sala infantil. Nadie lo esperaba.',
      "Yesterday the mayor opened the new municipal library, which has 40,000 books and a children's room.",
      2,
    ],
    [
      'Sin embargo, la vecina de Burgos dejó a un lado su preocupación por el viaje. Pensé que no, que solo tenía 19. «Es de Burgos», dice.',
      'But the Burgos neighbour brushed aside her concern about the trip. "She\'s from Burgos," she says.',
      2,
    ],
  ])('reports a sentence merged into an English that has none of its anchors: %s', (source, target, sentence) => {
    expect(findingsOf('omission', source, target).map((f) => [f.severity, f.params.sentence])).toEqual([
      ['warning', sentence],
    ]);
  });

  it('passes a merge that keeps what both sentences say', () => {
    const source =
      'Tenemos muchos amigos en la costa y uno de ellos vive en Tamarindo. Mis amigos siempre iban a surfear a Costa Rica y Nicaragua, que junto con México son grandes lugares para el surf. Al final, fue así como nos enteramos de la gira.';
    const target =
      'We have many friends on the coast, one of whom lives in Tamarindo. My friends always went surfing in Costa Rica and Nicaragua, which along with Mexico are great places for surfing, and that is how we heard about the tour.';
    expect(messagesOf('omission', source, target)).toEqual([]);
  });

  it('passes a concise English with a sentence for every Spanish one, and flags one far shorter still', () => {
    const source =
      'El museo abrió sus puertas en el año 1990 en pleno centro de la ciudad vieja. Hoy en día recibe a miles de visitantes de todo el mundo cada semana. Tiene más de 300 cuadros de Goya en sus salas.';
    const concise =
      'The museum opened in the old town in 1990. Thousands of visitors come from all over the world each week. It holds over 300 Goyas.';
    expect(messagesOf('omission', source, concise)).toEqual([]);
    const terse =
      'The museum opened downtown in 1990. Thousands visit it each week from around the world. It holds over 300 Goyas.';
    expect(messagesOf('omission', source, terse)).toEqual(['omission.sentence']);
  });

  it('property: dropping any one sentence of the three is reported', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), (rotate, dropped) => {
        const order = [0, 1, 2].map((i) => (i + rotate) % 3);
        const source = order.map((i) => ES[i]).join(' ');
        const target = order
          .filter((_, k) => k !== dropped)
          .map((i) => EN[i])
          .join(' ');
        return messagesOf('omission', source, target).includes('omission.sentence');
      }),
      { numRuns: 9 },
    );
  });
});
