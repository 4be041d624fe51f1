import { renderBilingualHtml } from './bilingual-html';
import { renderBilingualMarkdown, renderEnglishText } from './bilingual-text';
import { renderDocx } from './docx-export';
import { renderEpub } from './epub-export';
import { exportParagraphs, type ExportDocument } from './export-document';
import type { ExportInfo, ExportLabels } from './labels';
import { renderPo } from './po';
import { renderTmx } from './tmx';
import { renderXliff12, renderXliff20 } from './xliff';

/** Export formats, as the CLI's --format and the API's ?format= name them. */
export const EXPORT_FORMATS = ['tmx', 'xliff12', 'xliff20', 'md', 'html', 'txt', 'epub', 'po', 'docx'] as const;
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
  epub: { contentType: 'application/epub+zip', suffix: '.es-en.epub' },
  po: { contentType: 'text/x-gettext-translation; charset=utf-8', suffix: '.po' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    suffix: '.es-en.docx',
  },
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

/** One download the reader offers: a format, the EPUB's layout, and the key of its label in the catalogs. */
export interface ExportChoice {
  key: ExportFormat | 'epubEnglish';
  format: ExportFormat;
  layout?: ExportLayout;
}

/** Every download, in the order the reader lists them: the EPUB in both layouts. */
export const EXPORT_CHOICES: readonly ExportChoice[] = [
  { key: 'epub', format: 'epub', layout: 'bilingual' },
  { key: 'epubEnglish', format: 'epub', layout: 'english' },
  { key: 'docx', format: 'docx' },
  { key: 'html', format: 'html' },
  { key: 'md', format: 'md' },
  { key: 'txt', format: 'txt' },
  { key: 'tmx', format: 'tmx' },
  { key: 'xliff12', format: 'xliff12' },
  { key: 'xliff20', format: 'xliff20' },
  { key: 'po', format: 'po' },
];

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
  options: ExportOptions = {},
): Promise<RenderedExport> {
  const { contentType } = TYPES[format];
  const layout = options.layout ?? 'bilingual';
  // The English EPUB is a different book from the bilingual one: its own name, so both can sit side by side.
  const suffix = format === 'epub' && layout === 'english' ? '.en.epub' : TYPES[format].suffix;
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
    case 'epub':
      body = renderEpub(doc, layout, labels, info);
      break;
    case 'po':
      body = renderPo(doc, labels, info);
      break;
    case 'docx':
      body = await renderDocx(doc, labels, info);
      break;
  }
  const testModel = exportParagraphs(doc).some((p) => p.target?.testModel);
  return { body, contentType, fileName: `${doc.slug}${suffix}`, testModel };
}
