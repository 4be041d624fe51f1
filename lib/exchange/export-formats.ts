import { renderBilingualHtml } from './bilingual-html';
import { renderBilingualMarkdown, renderEnglishText } from './bilingual-text';
import { exportParagraphs, type ExportDocument } from './export-document';
import type { ExportInfo, ExportLabels } from './labels';
import { renderTmx } from './tmx';
import { renderXliff12, renderXliff20 } from './xliff';

/** Export formats, as the CLI's --format and the API's ?format= name them. */
export const EXPORT_FORMATS = ['tmx', 'xliff12', 'xliff20', 'md', 'html', 'txt'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (value: unknown): value is ExportFormat =>
  typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);

const TYPES: Record<ExportFormat, { contentType: string; suffix: string }> = {
  tmx: { contentType: 'application/x-tmx+xml; charset=utf-8', suffix: '.tmx' },
  xliff12: { contentType: 'application/x-xliff+xml; charset=utf-8', suffix: '.xlf' },
  xliff20: { contentType: 'application/xliff+xml; charset=utf-8', suffix: '.xliff2.xlf' },
  md: { contentType: 'text/markdown; charset=utf-8', suffix: '.es-en.md' },
  html: { contentType: 'text/html; charset=utf-8', suffix: '.es-en.html' },
  txt: { contentType: 'text/plain; charset=utf-8', suffix: '.en.txt' },
};

/** How an export lays the two languages out (EPUB only). */
export interface ExportOptions {
  layout?: ExportLayout;
}

/** EPUB layouts: each Spanish paragraph followed by its English, or the English alone. */
export const EXPORT_LAYOUTS = ['bilingual', 'english'] as const;
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

export const isExportLayout = (value: unknown): value is ExportLayout =>
  typeof value === 'string' && (EXPORT_LAYOUTS as readonly string[]).includes(value);

/**
 * A rendered export: the file (text, or bytes for the zipped formats), its media type, a file name made from the
 * (already safe) slug, and whether it holds test-model output (labelled inside).
 */
export interface RenderedExport {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  fileName: string;
  testModel: boolean;
}

/** Renders a document in an export format (pure). */
export async function renderExport(
  doc: ExportDocument,
  format: ExportFormat,
  labels: ExportLabels,
  info: ExportInfo,
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the layout of the EPUB export
  options: ExportOptions = {},
): Promise<RenderedExport> {
  const { contentType, suffix } = TYPES[format];
  let body: string | Uint8Array<ArrayBuffer>;
  switch (format) {
    case 'tmx':
      body = renderTmx(doc, labels, info);
      break;
    case 'xliff12':
      body = renderXliff12(doc, labels, info);
      break;
    case 'xliff20':
      body = renderXliff20(doc, labels, info);
      break;
    case 'md':
      body = renderBilingualMarkdown(doc, labels);
      break;
    case 'html':
      body = renderBilingualHtml(doc, labels, info);
      break;
    case 'txt':
      body = renderEnglishText(doc, labels);
      break;
  }
  const testModel = exportParagraphs(doc).some((p) => p.target?.testModel);
  return { body, contentType, fileName: `${doc.slug}${suffix}`, testModel };
}
