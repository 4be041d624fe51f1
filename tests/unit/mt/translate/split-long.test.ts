import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelCall } from '../../../../lib/mt/translate/transformers-engine';
import { TransformersEngine } from '../../../../lib/mt/translate/transformers-engine';
import {
  inputLimitFor,
  joinPieces,
  maxNewTokensFor,
  measureByChars,
  sanitizeForModel,
  splitLong,
} from '../../../../lib/mt/translate/split-long';
import { makeModelsDir, type ModelsDir } from '../fixtures';

const words = (n: number) =>
  Array.from({ length: n }, (_, i) => ['casa', 'perro', 'gato', 'montaña', 'río', 'ciudad'][i % 6]).join(' ');

describe('splitLong (pure)', () => {
  it('leaves short text alone', () => {
    expect(splitLong('Hola, mundo.', 50, measureByChars)).toEqual([{ text: 'Hola, mundo.', joiner: '' }]);
  });

  it('prefers ; : , over spaces, and spaces over hard cuts', () => {
    const text = 'uno dos tres cuatro; cinco seis siete ocho, nueve diez once doce';
    const pieces = splitLong(text, 30, measureByChars);
    expect(pieces.map((p) => p.text)).toEqual([
      'uno dos tres cuatro;',
      'cinco seis siete ocho,',
      'nueve diez once doce',
    ]);
    expect(
      joinPieces(
        pieces,
        pieces.map((p) => p.text),
      ),
    ).toBe(text);
  });

  it('hard-cuts a run without spaces and joins it back without inventing spaces', () => {
    const run = 'x'.repeat(95);
    const pieces = splitLong(run, 21, measureByChars);
    for (const p of pieces) expect(measureByChars(p.text)).toBeLessThanOrEqual(21);
    expect(
      joinPieces(
        pieces,
        pieces.map((p) => p.text),
      ),
    ).toBe(run);
  });

  it('measures each character a bounded number of times however long the text (no prefix of the rest, no rescan)', () => {
    // A huge paragraph without punctuation (issue 15, probe 4): splitting it once measured every prefix of what was
    // left, tokenizing gigabytes for a 5 MB paragraph. The text here is 400 kB so the old way still ends.
    for (const text of [words(70_000), 'x'.repeat(400_000), `${'palabra '.repeat(25_000)}${'y'.repeat(200_000)}`]) {
      let measured = 0;
      const measure = (t: string) => {
        measured += t.length;
        return Math.ceil(t.length / 4) + 1;
      };
      const pieces = splitLong(text, 100, measure);
      expect(pieces.length).toBeGreaterThan(text.length / 500);
      for (const p of pieces) expect(measure(p.text)).toBeLessThanOrEqual(100);
      expect(
        joinPieces(
          pieces,
          pieces.map((p) => p.text),
        ).replace(/ /g, ''),
      ).toBe(text.replace(/ /g, ''));
      expect(measured / text.length).toBeLessThan(60);
    }
  });

  it('never splits inside a surrogate pair', () => {
    const text = '😀'.repeat(40);
    const pieces = splitLong(text, 10, measureByChars);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    for (const p of pieces) expect(p.text).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('keeps every piece within the limit for long mixed text', () => {
    const text = `${words(400)}, ${'y'.repeat(500)} ${words(300)}; fin`;
    const pieces = splitLong(text, 64, measureByChars);
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) expect(measureByChars(p.text)).toBeLessThanOrEqual(64);
  });

  it('removes control characters but keeps tabs and newlines inside', () => {
    expect(sanitizeForModel('\u0000 a\u0007b\tc\nd\u0085e\u009f \u001b')).toBe('ab\tc\nde');
  });

  it('gives the model room for about twice the input, within its positions', () => {
    expect(maxNewTokensFor(10, 512)).toBe(36);
    expect(maxNewTokensFor(400, 512)).toBe(511);
    expect(inputLimitFor(512)).toBe(247);
    expect(2 * inputLimitFor(512) + 16).toBeLessThanOrEqual(511);
  });
});

describe('long inputs through the engine (tiny model)', () => {
  let models: ModelsDir;
  let engine: TransformersEngine;
  const calls: ModelCall[] = [];

  beforeAll(async () => {
    models = await makeModelsDir('split');
    const config = await models.addTinyModel('split');
    engine = new TransformersEngine(config, { onModelCall: (c) => calls.push(c) });
    await engine.ready();
  });
  afterAll(async () => {
    await engine?.dispose();
    await models?.cleanup();
  });

  it('gives every sentence its own non-empty output and sends no piece over the limit', async () => {
    const longNoPunctuation = words(900).slice(0, 5000);
    expect(longNoPunctuation).toHaveLength(5000);
    expect(longNoPunctuation).not.toMatch(/[.,;:]/);
    const sentences = [
      'Hola.',
      longNoPunctuation,
      'El gato duerme.',
      'z'.repeat(1200), // no spaces at all
      `${words(120)}, ${words(120)}; ${words(120)}`,
      '   ',
      'Adiós.',
    ];
    const outputs = await engine.translate(sentences);
    expect(outputs).toHaveLength(sentences.length);
    sentences.forEach((s, i) => {
      if (s.trim() === '') expect(outputs[i]).toBe('');
      else expect(outputs[i]!.trim().length).toBeGreaterThan(0);
    });
    expect(calls.length).toBeGreaterThan(0);
    const limit = calls[0]!.limit;
    let pieces = 0;
    for (const call of calls) {
      for (const tokens of call.inputTokens) expect(tokens).toBeLessThanOrEqual(limit);
      expect(call.maxNewTokens).toBeGreaterThanOrEqual(Math.min(2 * Math.max(...call.inputTokens) + 16, 511));
      pieces += call.inputs.length;
    }
    // The 5,000-character sentence and the 1,200-character run were really split.
    expect(pieces).toBeGreaterThan(sentences.length + 4);
    // No piece is the whole long sentence, and nothing longer than the limit reached the model.
    expect(calls.flatMap((c) => c.inputs)).not.toContain(longNoPunctuation);
  });
});
