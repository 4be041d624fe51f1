import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_TEXT_LENGTH,
  TEXT_LENGTH_CAP,
  maxTextLengthFor,
  parseIfMatch,
  parseParagraphIndex,
  parseRevertBody,
  parseRevisionQuery,
  parseSaveBody,
} from '../../../lib/documents/save-input';

const body = (overrides: Record<string, unknown> = {}) => ({
  text: 'Hello.',
  status: 'edited',
  author: 'Ana',
  clientSaveId: 'abc_123-X',
  ...overrides,
});

describe('parseSaveBody', () => {
  it('accepts a well-formed save, trimming only trailing whitespace and keeping HTML as text', () => {
    expect(parseSaveBody(body({ text: '  <b>Hi</b>\n\tthere \n\n' }))).toEqual({
      ok: true,
      value: { text: '  <b>Hi</b>\n\tthere', status: 'edited', clientSaveId: 'abc_123-X', kind: 'save' },
    });
    expect(parseSaveBody(body({ text: 'a\r\nb', kind: 'suggestion' }))).toMatchObject({
      ok: true,
      value: { text: 'a\nb', kind: 'suggestion' },
    });
  });

  it('ignores an author the client sends: the door decides who saves (issue 14)', () => {
    for (const author of ['Mallory', 'x'.repeat(500), 7, null, undefined]) {
      const result = parseSaveBody(body({ author }));
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value).not.toHaveProperty('author');
    }
  });

  it('refuses malformed fields with a message naming the field', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ text: 3 }, /"text"/],
      [{ text: 'a\u0000b' }, /U\+0000/],
      [{ text: 'bell\u0007' }, /control/],
      [{ text: 'c1\u0085' }, /control/],
      [{ text: 'broken \uD800' }, /surrogate/],
      [{ status: 'machine' }, /"status"/],
      [{ clientSaveId: '' }, /"clientSaveId"/],
      [{ clientSaveId: 'x'.repeat(65) }, /"clientSaveId"/],
      [{ clientSaveId: 'has space' }, /"clientSaveId"/],
      [{ kind: 'revert' }, /"kind"/],
    ];
    for (const [overrides, message] of cases) {
      const result = parseSaveBody(body(overrides));
      expect(result, JSON.stringify(overrides)).toMatchObject({ ok: false, code: 'bad_request' });
      if (!result.ok) expect(result.message).toMatch(message);
    }
    expect(parseSaveBody([])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(parseSaveBody(null)).toMatchObject({ ok: false, code: 'bad_request' });
  });

  it("bounds every text at the cap; the paragraph's own limit is checked where its Spanish is known", () => {
    expect(parseSaveBody(body({ text: 'x'.repeat(TEXT_LENGTH_CAP) })).ok).toBe(true);
    expect(parseSaveBody(body({ text: 'x'.repeat(TEXT_LENGTH_CAP + 1) }))).toMatchObject({
      ok: false,
      code: 'too_large',
    });
    expect(maxTextLengthFor(10)).toBe(MAX_TEXT_LENGTH);
    expect(maxTextLengthFor(10_000)).toBe(MAX_TEXT_LENGTH);
    expect(maxTextLengthFor(50_000)).toBe(100_000);
    expect(maxTextLengthFor(1_000_000)).toBe(TEXT_LENGTH_CAP);
  });

  it('never throws and never lets a control character through (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        const result = parseSaveBody(body({ text }));
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point
        if (result.ok) expect(result.value.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseRevertBody', () => {
  it('needs a revision id and a client save id; an author sent is ignored', () => {
    expect(parseRevertBody({ revisionId: 4, author: 'Mallory', clientSaveId: 'r1' })).toEqual({
      ok: true,
      value: { revisionId: 4, clientSaveId: 'r1' },
    });
    for (const bad of [{ revisionId: 0 }, { revisionId: '4' }, { revisionId: 1.5 }, { clientSaveId: '' }]) {
      expect(parseRevertBody({ revisionId: 4, author: null, clientSaveId: 'r1', ...bad }).ok).toBe(false);
    }
  });
});

describe('If-Match, index and query parsing', () => {
  it('accepts quoted, bare and weak versions; "0" means no revision yet', () => {
    expect(parseIfMatch(null)).toEqual({ ok: true, value: 'absent' });
    expect(parseIfMatch('')).toEqual({ ok: true, value: 'absent' });
    expect(parseIfMatch('"0"')).toEqual({ ok: true, value: null });
    expect(parseIfMatch('"12"')).toEqual({ ok: true, value: 12 });
    expect(parseIfMatch('12')).toEqual({ ok: true, value: 12 });
    expect(parseIfMatch('W/"12"')).toEqual({ ok: true, value: 12 });
    for (const bad of ['*', '"1", "2"', '"-1"', '"01"', 'abc', '"1e3"', '"99999999999999999999"']) {
      expect(parseIfMatch(bad).ok, bad).toBe(false);
    }
  });

  it('takes only plain digits as a paragraph index', () => {
    expect(parseParagraphIndex('0')).toBe(0);
    expect(parseParagraphIndex('17')).toBe(17);
    for (const bad of ['-1', '01', '1.5', 'x', '', '1e3', '9999999999']) expect(parseParagraphIndex(bad)).toBeNull();
  });

  it('bounds the revision list: default 200, at most 1000', () => {
    const q = (s: string) => parseRevisionQuery(new URLSearchParams(s));
    expect(q('')).toEqual({ ok: true, value: { limit: 200 } });
    expect(q('limit=5&before=9')).toEqual({ ok: true, value: { limit: 5, beforeId: 9 } });
    expect(q('limit=5000')).toEqual({ ok: true, value: { limit: 1000 } });
    expect(q('limit=0').ok).toBe(false);
    expect(q('limit=x').ok).toBe(false);
    expect(q('before=-3').ok).toBe(false);
  });
});
