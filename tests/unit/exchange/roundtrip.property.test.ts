import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderContentMarkdown } from '../../../lib/exchange/content-markdown';
import { renderEpub } from '../../../lib/exchange/epub-export';
import { epubToBlocks } from '../../../lib/exchange/epub-import';
import { exportParagraphs } from '../../../lib/exchange/export-document';
import { tidyText } from '../../../lib/exchange/html-to-blocks';
import { ENGLISH_LABELS } from '../../../lib/exchange/labels';
import { renderPo } from '../../../lib/exchange/po';
import { readTranslationFile } from '../../../lib/exchange/read-units';
import { renderTmx } from '../../../lib/exchange/tmx';
import { exchangeUnits } from '../../../lib/exchange/units';
import { renderXliff12, renderXliff20 } from '../../../lib/exchange/xliff';
import { parseMarkdown, type Block } from '../../../lib/text';
import { documentOf, paragraph } from './doc-fixture';

// Pieces that break naive writers: markup characters, entities, CDATA and comment openers, quotes, emoji,
// whitespace other than spaces (tab, LF, CR, no-break, line separator, ideographic), inline markup-like text.
const PIECES = [
  'a',
  'ñ',
  'É',
  'Hola',
  ' ',
  '  ',
  '&',
  '<',
  '>',
  '"',
  "'",
  '&amp;',
  '&#13;',
  '&lt;b&gt;',
  '<b>',
  '</b>',
  '<g id="1">',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '😀',
  '👩‍💻',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u00a0',
  '\u2028',
  '\u3000',
  '*',
  '_',
  '`',
  '[x](javascript:alert(1))',
  '#',
  '1.',
  '- ',
  '> ',
  '\\',
  '|',
  '~',
  '{',
  '}',
  '¿',
  '¡',
  '«',
  '»',
  '—',
];
const text = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));
const sentences = fc.array(text, { minLength: 1, maxLength: 4 });

const paragraphArb = fc.record({
  sentences,
  target: fc.option(
    fc.record({
      sentences,
      status: fc.constantFrom('machine' as const, 'edited' as const, 'approved' as const),
      testModel: fc.boolean(),
    }),
    { nil: null },
  ),
});

const documentArb = fc.array(paragraphArb, { minLength: 1, maxLength: 6 }).map((ps) =>
  documentOf(
    ps.map((p, i) =>
      paragraph(
        i,
        p.sentences,
        p.target
          ? {
              sentences: p.target.sentences,
              status: p.target.status,
              origin: p.target.status === 'machine' ? 'machine' : 'human',
              testModel: p.target.testModel,
              // 1:1 while both sides last, the rest of the target joins the last link.
              alignment: p.sentences.map((_, s) => ({
                source: [s],
                target:
                  s === p.sentences.length - 1
                    ? p.target!.sentences.map((_, t) => t).filter((t) => t >= s)
                    : s < p.target!.sentences.length
                      ? [s]
                      : [],
                confidence: 1,
              })),
            }
          : null,
      ),
    ),
  ),
);

const info = { toolVersion: '0.0.0', now: new Date(0) };

describe('export then import gives the same units', () => {
  it('TMX (translated units only)', async () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const read = readTranslationFile(renderTmx(doc, ENGLISH_LABELS, info));
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        const expected = exchangeUnits(doc).filter((u) => u.target !== null);
        expect(read.units.map((u) => [u.source, u.target, u.status, u.testModel])).toEqual(
          expected.map((u) => [u.source, u.target, u.status, u.testModel]),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('XLIFF 1.2 and 2.0 (every unit, untranslated ones without target)', async () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const expected = exchangeUnits(doc).map((u) => [
          u.source,
          u.target,
          u.target === null ? null : u.status,
          u.testModel,
        ]);
        for (const render of [renderXliff12, renderXliff20]) {
          const read = readTranslationFile(render(doc, ENGLISH_LABELS, info));
          expect(read.ok).toBe(true);
          if (!read.ok) return;
          expect(read.units.map((u) => [u.source, u.target, u.status, u.testModel])).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('export then import gives the same text', () => {
  it("PO: every unit; a person's English as edited, machine output fuzzy, test-model output never as English", async () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const read = readTranslationFile(renderPo(doc, ENGLISH_LABELS, info));
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        const expected = exchangeUnits(doc)
          .filter((u) => u.source !== '')
          .map((u) => {
            // PO cannot tell an empty English from none.
            const target = u.target === null || u.testModel || u.target === '' ? null : u.target;
            return [u.source, target, target === null ? null : u.status === 'machine' ? 'machine' : 'edited'];
          });
        expect(read.units.map((u) => [u.source, u.target, u.status])).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('EPUB: the EPUB import reads back each Spanish paragraph and its English (labelled), in order', async () => {
    await fc.assert(
      fc.asyncProperty(documentArb, async (doc) => {
        const read = await epubToBlocks(renderEpub(doc, 'bilingual', ENGLISH_LABELS, info));
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        const label = (p: ReturnType<typeof exportParagraphs>[number]) =>
          !p.target
            ? `(${ENGLISH_LABELS.untranslated})`
            : p.target.testModel
              ? `[${ENGLISH_LABELS.testModel}] ${p.target.text}`
              : p.target.text;
        // Without headings the contents list the book's title, which the import turns into the first heading.
        const expected = [
          { kind: 'heading', text: doc.title, level: 2 },
          ...exportParagraphs(doc).flatMap((p) =>
            [tidyText(p.source), tidyText(label(p))].filter(Boolean).map((text) => ({ kind: 'paragraph', text })),
          ),
        ];
        expect(read.blocks).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('imported text stored as Markdown reads back as the same text', () => {
  const blockArb: fc.Arbitrary<Block> = fc
    .record({ heading: fc.boolean(), level: fc.integer({ min: 1, max: 6 }), text })
    .map(({ heading, level, text: t }) =>
      heading
        ? { kind: 'heading' as const, text: tidyText(t), level }
        : { kind: 'paragraph' as const, text: tidyText(t) },
    )
    .filter((b) => b.text !== '');

  it('a paragraph of tildes stays text: it does not open a code fence that swallows the rest', () => {
    // Found by the property below: "~~~a" then "a" read back as one code block, the rest of the book lost.
    const blocks: Block[] = ['~~~', '~~~a', '~~tachado~~ b', 'a'].map((t) => ({ kind: 'paragraph', text: t }));
    const md = renderContentMarkdown(
      { title: 'T', source: null, lang: 'es', imported: '2025-01-01T00:00:00.000Z' },
      blocks,
    );
    expect(parseMarkdown(md).blocks).toEqual(blocks);
  });

  it('every block survives, and no raw HTML or link reaches the Markdown reader', async () => {
    fc.assert(
      fc.property(fc.array(blockArb, { minLength: 1, maxLength: 8 }), (blocks) => {
        const md = renderContentMarkdown(
          { title: 'T', source: null, lang: 'es', imported: '2025-01-01T00:00:00.000Z' },
          blocks,
        );
        expect(parseMarkdown(md).blocks).toEqual(blocks);
      }),
      { numRuns: 300 },
    );
  });
});
