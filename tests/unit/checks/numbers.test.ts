import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { englishForm, readNumbers } from '../../../lib/checks/number-reading';
import { findingsOf, messagesOf, spanText } from './helpers';

describe('numbers check: numbers the English keeps', () => {
  it.each([
    ['El paro afectó a 15.000 personas.', 'Unemployment hit 15,000 people.'],
    ['La inflación fue del 3,5 %.', 'Inflation was 3.5%.'],
    ['Llegó el 1.º de mayo.', 'He arrived on May 1st.'],
    ['Quedó 2.ª en la carrera.', 'She came second in the race.'],
    ['El 5 de mayo de 2012 llovió.', 'It rained on May 5, 2012.'],
    ['Costó 1.500 millones de euros.', 'It cost 1.5 billion euros.'],
    ['Costó 3 mil millones de pesos.', 'It cost 3 billion pesos.'],
    ['Ganan 5 mil 352 pesos al mes.', 'They earn 5,352 pesos a month.'],
    ['Empieza a las 22.00 horas.', 'It starts at 10 p.m.'],
    ['El concierto es a las 14 horas.', 'The concert is at 2 p.m.'],
    ['Entre 1990 y 1995 creció.', 'It grew in 1990-95.'],
    ['En los años 90 todo cambió.', 'In the 1990s everything changed.'],
    ['Pasó siete años en prisión.', 'He spent 7 years in prison.'],
    ['Trabajó durante tres décadas.', 'He worked for 30 years.'],
    ['Vinieron 24 000 personas.', 'There were 24,000 people.'],
    ['Mide 783.562 kilómetros cuadrados.', 'It covers 783,562 square kilometres (300,948 sq mi).'],
    ['Las emisiones de CO2 bajaron.', 'CO₂ emissions fell.'],
    ['Tardó 5 horas y media.', 'It took 5 1/2 hours.'],
    ['Nació en el siglo XXI.', 'He was born in the 21st century.'],
    ['Visite https://ejemplo.es/2024/05 hoy.', 'Visit https://ejemplo.es/2024/05 today.'],
    // Written after newstest2012 and FLORES dev false alarms.
    ['Publicaron sus datos del PIB para el Q3.', 'They released their 3Q GDP data.'],
    ['En medio siglo hubo tres accidentes.', 'There were three accidents in 50 years.'],
    ['Un cuarto de milenio más tarde, la empresa es global.', '250 years later, the company is global.'],
    ['Los undécimos húsares tomaron el fuerte.', 'The 11th Hussars took the fort.'],
    ['Está a una hora y media de Vancouver.', 'It is a 1.5 hour drive from Vancouver.'],
    ['Vivió allí dos años y medio.', 'He lived there for 2.5 years.'],
    ['Sumó 5 millones 143 mil 312 dólares.', 'It totalled 5,143,312 dollars.'],
    ['Costó 5 millones de dólares.', 'It cost $5M.'],
  ])('%s → %s', (es, en) => {
    expect(messagesOf('numbers', es, en)).toEqual([]);
  });
});

describe('numbers check: what it reports', () => {
  it('a number the English leaves out, with its English form', () => {
    const [f, ...rest] = findingsOf(
      'numbers',
      'El paro afectó a 15.000 personas en 2012.',
      'Unemployment hit many people in 2012.',
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      message: 'numbers.missing',
      severity: 'error',
      params: { number: '15.000', expected: '15,000' },
    });
    expect(spanText('El paro afectó a 15.000 personas en 2012.', f!.source[0]!)).toBe('15.000');
  });

  it('a number the English changed: the Spanish one missing, the English one added', () => {
    expect(messagesOf('numbers', 'Un hombre de 32 años.', 'A 34-year-old man.')).toEqual([
      'numbers.missing',
      'numbers.added',
    ]);
  });

  it('Mexican thousands and millions in words left in Spanish form', () => {
    expect(
      findingsOf('numbers', 'Sumó 5 millones 143 mil 312 dólares.', 'It totalled 5.143.312 dollars.'),
    ).toMatchObject([{ message: 'numbers.form', params: { number: '5.143.312', expected: '5,143,312' } }]);
    expect(findingsOf('numbers', 'Ganan 5 mil 352 pesos.', 'They earn 5.352 pesos.')).toMatchObject([
      { message: 'numbers.form', params: { number: '5.352', expected: '5,352' } },
    ]);
  });

  it('a number the English adds, as a warning', () => {
    const [f] = findingsOf('numbers', 'Ganó el premio.', 'He won the prize in 1958.');
    expect(f).toMatchObject({ message: 'numbers.added', severity: 'warning', params: { number: '1958' } });
  });

  it.each([
    ['La inflación fue del 3,5 %.', 'Inflation was 3,5%.', '3,5', '3.5'],
    ['Viven 15.000 personas.', 'There are 15.000 inhabitants.', '15.000', '15,000'],
    ['Quedó 1.º en la liga.', 'It came 1.º in the league.', '1.º', '1st'],
  ])('Spanish form left in the English: %s → %s', (es, en, number, expected) => {
    expect(findingsOf('numbers', es, en)).toMatchObject([{ message: 'numbers.form', params: { number, expected } }]);
  });
});

describe('number reading', () => {
  it('reads Spanish and English marks the other way round', () => {
    expect(readNumbers('15.000 y 3,5', 'es').map((n) => n.readings[0]?.value)).toEqual([15000, 3.5]);
    expect(readNumbers('15,000 and 3.5', 'en').map((n) => n.readings[0]?.value)).toEqual([15000, 3.5]);
  });

  it('writes the English form of a Spanish number', () => {
    const form = (text: string) => englishForm(readNumbers(text, 'es')[0]!);
    expect([form('15.000'), form('3,5'), form('1.º'), form('2012'), form('1.500'), form('22:30')]).toEqual([
      '15,000',
      '3.5',
      '1st',
      '2012',
      '1,500',
      '22:30',
    ]);
  });

  it('property: any integer written the Spanish way is found again written the English way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.boolean(), (value, decimal) => {
        const n = decimal ? value / 100 : value;
        const es = new Intl.NumberFormat('es-ES', { useGrouping: 'always', maximumFractionDigits: 2 }).format(n);
        const en = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n);
        return messagesOf('numbers', `El total fue de ${es} euros.`, `The total was ${en} euros.`).length === 0;
      }),
    );
  });

  it('property: changing a digit of the English number is always reported', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 9_999_999 }), fc.integer({ min: 1, max: 9 }), (value, delta) => {
        const es = new Intl.NumberFormat('es-ES', { useGrouping: 'always' }).format(value);
        const wrong = value + delta * (value % 10 < 5 ? 1 : -1);
        const en = new Intl.NumberFormat('en-US').format(wrong);
        return messagesOf('numbers', `Llegaron ${es} cartas.`, `${en} letters arrived.`).includes('numbers.missing');
      }),
    );
  });
});
