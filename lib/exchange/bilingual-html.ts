import { exportParagraphs, type ExportDocument } from './export-document';
import type { ExportInfo, ExportLabels } from './labels';

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// Inline, no external assets: the page must print and open offline as it is.
const STYLE = `
body { font: 16px/1.5 Georgia, "Times New Roman", serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #111; background: #fff; }
h1 { font-size: 1.6rem; }
.notice { border: 2px solid #a40; padding: .5rem 1rem; color: #a40; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { vertical-align: top; text-align: left; padding: .4rem .8rem; border-bottom: 1px solid #ddd; width: 50%; overflow-wrap: anywhere; }
tr.heading td { font-weight: bold; font-size: 1.1rem; padding-top: 1rem; }
.untranslated, .test-model { font-style: italic; color: #666; }
.label { font-size: .8rem; color: #a40; font-style: normal; display: block; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } tr { break-inside: avoid; } .notice { color: #000; border-color: #000; } }
`.trim();

/** A standalone bilingual HTML page: Spanish and English side by side, printable, everything escaped. */
export function renderBilingualHtml(doc: ExportDocument, labels: ExportLabels, info: ExportInfo): string {
  const src = escapeHtml(doc.sourceLang || 'es');
  const trg = escapeHtml(doc.targetLang || 'en');
  const paragraphs = exportParagraphs(doc);
  const anyTest = paragraphs.some((p) => p.target?.testModel);
  const rows = paragraphs.map((p) => {
    const cls = p.kind === 'heading' ? ' class="heading"' : '';
    let english: string;
    if (!p.target) english = `<td class="untranslated" lang="${trg}">${escapeHtml(labels.untranslated)}</td>`;
    else if (p.target.testModel)
      english = `<td class="test-model" lang="${trg}"><span class="label">${escapeHtml(labels.testModel)}</span>${escapeHtml(p.target.text)}</td>`;
    else english = `<td lang="${trg}">${escapeHtml(p.target.text)}</td>`;
    return `<tr${cls}><td lang="${src}">${escapeHtml(p.source)}</td>${english}</tr>`;
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${trg}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Opened from a disk or a mail, the page still runs no script and loads nothing: its one style is inline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="Paralelo ${escapeHtml(info.toolVersion)}">`,
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1 lang="${src}">${escapeHtml(doc.title)}</h1>`,
    anyTest ? `<p class="notice" role="note">${escapeHtml(labels.testModelNote)}</p>` : '',
    '<table>',
    `<thead><tr><th scope="col">${escapeHtml(labels.spanish)}</th><th scope="col">${escapeHtml(labels.english)}</th></tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
