import { exportDocumentOf } from '../../../lib/documents/export-document';
import type { DocumentView, ParagraphView, TargetView } from '../../../lib/documents/types';
import type { ExportDocument } from '../../../lib/exchange/export-document';

/** A paragraph for export tests: sentences on both sides, 1:1 links unless given. */
export function paragraph(
  index: number,
  sentences: string[],
  target: (Partial<TargetView> & { sentences: string[] }) | null,
  extra: Partial<ParagraphView> = {},
): ParagraphView {
  return {
    index,
    kind: 'paragraph',
    source: sentences.join(' '),
    sentences,
    target: target
      ? {
          text: target.sentences.join(' '),
          origin: 'machine',
          status: 'machine',
          modelId: 'Xenova/opus-mt-es-en',
          testModel: false,
          alignment: target.sentences.map((_, i) => ({ source: [i], target: [i], confidence: 1 })),
          ...target,
        }
      : null,
    ...extra,
  };
}

/** A person's approved revision, as the store gives it back. */
export function approvedRevision(id: number, text: string, author: string): NonNullable<ParagraphView['revision']> {
  return {
    id,
    text,
    status: 'approved',
    author,
    createdAt: Date.UTC(2025, 0, 2),
    baseRevisionId: null,
    kind: 'save',
    machineText: null,
  };
}

/** A document view around some paragraphs. */
export function documentViewOf(paragraphs: ParagraphView[], overrides: Partial<DocumentView> = {}): DocumentView {
  const done = paragraphs.filter((p) => p.target).length;
  return {
    slug: 'prueba',
    title: 'Prueba',
    source: null,
    fileName: 'prueba.md',
    sourceLang: 'es',
    targetLang: 'en',
    words: 10,
    paragraphs,
    translation: {
      modelId: 'Xenova/opus-mt-es-en',
      testModel: paragraphs.some((p) => p.target?.testModel),
      status: done === paragraphs.length ? 'complete' : 'partial',
      done,
      total: paragraphs.length,
    },
    review: {
      total: paragraphs.length,
      approved: 0,
      edited: 0,
      pending: paragraphs.length > 0 ? [[paragraphs[0]!.index, paragraphs.at(-1)!.index]] : [],
    },
    ...overrides,
  };
}

/** The export document of a view around some paragraphs, built as the export use case builds it. */
export function documentOf(paragraphs: ParagraphView[], overrides: Partial<DocumentView> = {}): ExportDocument {
  return exportDocumentOf(documentViewOf(paragraphs, overrides));
}

/** A small book: a part and two chapters, an untranslated paragraph, markup-like text and test-model output. */
export const sampleBookParagraphs: ParagraphView[] = [
  paragraph(0, ['Primera parte'], { sentences: ['First part'] }, { kind: 'heading', level: 2 }),
  paragraph(1, ['Capítulo I'], { sentences: ['Chapter I'] }, { kind: 'heading', level: 3 }),
  paragraph(
    2,
    ['En un lugar <b>&</b> «Mancha».', 'Dos.'],
    { sentences: ['In a village <b>&</b> "Mancha".', 'Two.'], origin: 'human', status: 'approved' },
    { revision: approvedRevision(3, 'In a village <b>&</b> "Mancha". Two.', 'Ana') },
  ),
  paragraph(3, ['Sin traducir.'], null),
  paragraph(4, ['Capítulo II'], null, { kind: 'heading', level: 3 }),
  paragraph(5, ['Prueba\u0001 rara.'], { sentences: ['qux zip'], testModel: true }),
];
export const sampleBook = documentOf(sampleBookParagraphs, { title: 'Don Quijote <y> Sancho' });
