import { chaptersOf, type ExportDocument, type ExportParagraph, type ExportTarget } from '../exchange/export-document';
import { renderExport, type ExportFormat, type ExportOptions, type RenderedExport } from '../exchange/export-formats';
import type { ExportInfo, ExportLabels } from '../exchange/labels';
import { openDocument, type DocumentDeps } from './open-document';
import type { DocumentView, ParagraphView, UseCaseError } from './types';

function targetOf(p: ParagraphView): ExportTarget | null {
  const t = p.target;
  if (!t) return null;
  // Only a person's revision has an author and a date; memory, imports and the model have neither.
  const byPerson = t.origin === 'human' && p.revision ? p.revision : null;
  return {
    text: t.text,
    sentences: t.sentences,
    origin: t.origin,
    status: t.status,
    testModel: t.testModel,
    alignment: t.alignment,
    author: byPerson?.author ?? null,
    changedAt: byPerson?.createdAt ?? null,
  };
}

/** The export document of a document as the reader shows it: its chapters, each paragraph with its current English. */
export function exportDocumentOf(view: DocumentView): ExportDocument {
  const paragraphs = view.paragraphs.map((p): ExportParagraph => ({
    index: p.index,
    kind: p.kind,
    ...(p.level !== undefined ? { level: p.level } : {}),
    source: p.source,
    sentences: p.sentences,
    target: targetOf(p),
  }));
  return {
    slug: view.slug,
    title: view.title,
    fileName: view.fileName,
    sourceLang: view.sourceLang,
    targetLang: view.targetLang,
    testModel: view.translation.testModel,
    chapters: chaptersOf(paragraphs),
  };
}

/**
 * Exports a document in one format with its current English (latest revision, else memory, else machine output),
 * as the reader shows it.
 */
export async function exportDocument(
  deps: DocumentDeps,
  slug: string,
  format: ExportFormat,
  labels: ExportLabels,
  info: ExportInfo,
  options: ExportOptions = {},
): Promise<({ ok: true } & RenderedExport) | UseCaseError> {
  const opened = await openDocument(deps, slug);
  if (!opened.ok) return opened;
  return { ok: true, ...(await renderExport(exportDocumentOf(opened.document), format, labels, info, options)) };
}
