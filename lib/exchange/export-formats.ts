import type { DocumentView } from '../documents/types';
import { renderBilingualHtml } from './bilingual-html';
import { renderBilingualMarkdown, renderEnglishText } from './bilingual-text';
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

/** A rendered export: the file's text, its media type and a file name made from the (already safe) slug. */
export interface RenderedExport {
  body: string;
  contentType: string;
  fileName: string;
}

/** Renders a document in an export format (pure). */
export function renderExport(
  doc: DocumentView,
  format: ExportFormat,
  labels: ExportLabels,
  info: ExportInfo,
): RenderedExport {
  const { contentType, suffix } = TYPES[format];
  let body: string;
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
  return { body, contentType, fileName: `${doc.slug}${suffix}` };
}
