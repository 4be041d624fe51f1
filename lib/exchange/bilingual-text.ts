import { exportParagraphs, type ExportDocument } from './export-document';

/** Words the front door supplies in the reader's language (the core holds no UI strings). */
export interface BilingualLabels {
  /** Shown instead of the English when a paragraph has none yet. */
  untranslated: string;
  /** Shown once at the top and before every English paragraph made by a generated test model. */
  testModel: string;
}

export type BilingualFormat = 'markdown' | 'text';

/** Escapes what Markdown would read as markup at the start of a line or inline, so text stays text. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/^(\s*)([#>+-]|\d+\.)(\s)/gm, '$1\\$2$3');
}

/** The document as bilingual Markdown: each Spanish paragraph followed by its English one as a quote. */
export function renderBilingualMarkdown(doc: ExportDocument, labels: BilingualLabels): string {
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`, ''];
  if (doc.testModel) out.push(`> **${escapeMarkdown(labels.testModel)}**`, '');
  for (const p of exportParagraphs(doc)) {
    const prefix = p.kind === 'heading' ? `${'#'.repeat(Math.min(6, (p.level ?? 1) + 1))} ` : '';
    out.push(`${prefix}${escapeMarkdown(p.source)}`, '');
    const english = p.target ? escapeMarkdown(p.target.text) : `*${escapeMarkdown(labels.untranslated)}*`;
    const mark = p.target?.testModel ? `[${escapeMarkdown(labels.testModel)}] ` : '';
    out.push(`> ${mark}${english}`, '');
  }
  return out.join('\n');
}

/** The document as plain text: Spanish paragraph, English paragraph, blank line. */
export function renderBilingualText(doc: ExportDocument, labels: BilingualLabels): string {
  const out: string[] = [doc.title, ''];
  if (doc.testModel) out.push(`[${labels.testModel}]`, '');
  for (const p of exportParagraphs(doc)) {
    out.push(p.source);
    out.push(
      p.target ? `${p.target.testModel ? `[${labels.testModel}] ` : ''}${p.target.text}` : `(${labels.untranslated})`,
    );
    out.push('');
  }
  return out.join('\n');
}

/** Renders a document in one of the bilingual formats. */
export function renderBilingual(doc: ExportDocument, format: BilingualFormat, labels: BilingualLabels): string {
  return format === 'markdown' ? renderBilingualMarkdown(doc, labels) : renderBilingualText(doc, labels);
}

/** The English alone, one paragraph per block; untranslated paragraphs and test-model output are marked. */
export function renderEnglishText(doc: ExportDocument, labels: BilingualLabels): string {
  const out: string[] = [];
  if (doc.testModel && exportParagraphs(doc).some((p) => p.target?.testModel)) out.push(`[${labels.testModel}]`, '');
  for (const p of exportParagraphs(doc)) {
    out.push(
      p.target ? `${p.target.testModel ? `[${labels.testModel}] ` : ''}${p.target.text}` : `(${labels.untranslated})`,
      '',
    );
  }
  return out.join('\n');
}
