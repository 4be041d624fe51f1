import { renderExport, type ExportFormat, type RenderedExport } from '../exchange/export-formats';
import type { ExportInfo, ExportLabels } from '../exchange/labels';
import { openDocument, type DocumentDeps } from './open-document';
import type { UseCaseError } from './types';

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
): Promise<({ ok: true } & RenderedExport) | UseCaseError> {
  const opened = await openDocument(deps, slug);
  if (!opened.ok) return opened;
  return { ok: true, ...renderExport(opened.document, format, labels, info) };
}
