import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { exportParagraphs, type ExportDocument, type ExportParagraph } from './export-document';
import type { ExportInfo, ExportLabels } from './labels';
import { xmlSafe } from './xml';

// Characters XML 1.0 cannot carry are dropped, as in every other XML export.
const run = (text: string, lang: string, style: { bold?: boolean; italics?: boolean } = {}) =>
  new TextRun({ text: xmlSafe(text), language: { value: lang }, ...style });

function englishCell(p: ExportParagraph, labels: ExportLabels, trg: string): Paragraph {
  const bold = p.kind === 'heading';
  if (!p.target) return new Paragraph({ children: [run(`(${labels.untranslated})`, labels.lang, { italics: true })] });
  const children: TextRun[] = [];
  if (p.target.testModel) children.push(run(`[${labels.testModel}] `, labels.lang, { bold: true }));
  children.push(run(p.target.text, trg, { bold, italics: p.target.testModel }));
  return new Paragraph({ children });
}

const cell = (paragraph: Paragraph) =>
  new TableCell({ children: [paragraph], width: { size: 50, type: WidthType.PERCENTAGE } });

/**
 * The document as a bilingual Word file (written by the docx package): the title, the test-model notice when it
 * applies, then a two-column table, Spanish beside English, one row per paragraph (headings in bold), each run
 * tagged with its language so spelling and hyphenation follow it. The header row repeats on every page.
 */
export async function renderDocx(
  doc: ExportDocument,
  labels: ExportLabels,
  info: ExportInfo,
): Promise<Uint8Array<ArrayBuffer>> {
  const src = doc.sourceLang || 'es';
  const trg = doc.targetLang || 'en';
  const paragraphs = exportParagraphs(doc);
  const anyTest = paragraphs.some((p) => p.target?.testModel);
  const header = new TableRow({
    tableHeader: true,
    children: [labels.spanish, labels.english].map((h) =>
      cell(new Paragraph({ children: [run(h, labels.lang, { bold: true })] })),
    ),
  });
  const rows = paragraphs.map(
    (p) =>
      new TableRow({
        children: [
          cell(new Paragraph({ children: [run(p.source, src, { bold: p.kind === 'heading' })] })),
          cell(englishCell(p, labels, trg)),
        ],
      }),
  );
  const file = new Document({
    title: xmlSafe(doc.title),
    creator: `Paralelo ${info.toolVersion}`,
    description: anyTest ? labels.testModelNote : undefined,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [run(doc.title, src)] }),
          ...(anyTest ? [new Paragraph({ children: [run(labels.testModelNote, labels.lang, { bold: true })] })] : []),
          new Table({ rows: [header, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(file));
}
