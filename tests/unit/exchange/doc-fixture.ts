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
