import type { ExportDocument } from './export-document';
import type { ExportInfo, ExportLabels } from './labels';
import { exchangeUnits } from './units';
import { attrs, escapeXml, xmlComment } from './xml';

/** TMX's date form: 20250102T030405Z. */
export function tmxDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const prop = (type: string, value: string) => `<prop${attrs({ type })}>${escapeXml(value)}</prop>`;

/**
 * The document as TMX 1.4: one <tu> per aligned sentence group (a whole paragraph when its alignment does not
 * split it), with the review status, origin and author as props. Untranslated paragraphs are left out (a TMX holds
 * pairs); test-model output is kept but marked with <prop type="x-test-model">, a note and a comment.
 */
export function renderTmx(doc: ExportDocument, labels: ExportLabels, info: ExportInfo): string {
  const units = exchangeUnits(doc).filter((u) => u.target !== null);
  const anyTest = units.some((u) => u.testModel);
  const srcLang = doc.sourceLang || 'es';
  const trgLang = doc.targetLang || 'en';
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (anyTest) out.push(xmlComment(labels.testModelNote));
  out.push('<tmx version="1.4">');
  out.push(
    `  <header${attrs({
      creationtool: 'Paralelo',
      creationtoolversion: info.toolVersion,
      segtype: 'sentence',
      'o-tmf': 'Paralelo',
      adminlang: 'en',
      srclang: srcLang,
      datatype: 'plaintext',
      creationdate: tmxDate(info.now),
    })}>`,
  );
  out.push(`    ${prop('x-document', doc.slug)}`, `    ${prop('x-title', doc.title)}`);
  if (anyTest) out.push(`    <note>${escapeXml(labels.testModelNote)}</note>`);
  out.push('  </header>', '  <body>');
  for (const u of units) {
    out.push(
      `    <tu${attrs({
        tuid: `${doc.slug}-p${u.paragraph}-g${u.group}`,
        changeid: u.author ?? undefined,
        changedate: u.changedAt !== null ? tmxDate(new Date(u.changedAt)) : undefined,
      })}>`,
    );
    if (u.testModel) out.push(`      <note>${escapeXml(labels.testModelNote)}</note>`);
    out.push(`      ${prop('x-paragraph', String(u.paragraph))}`);
    out.push(`      ${prop('x-status', u.status)}`);
    if (u.origin) out.push(`      ${prop('x-origin', u.origin)}`);
    if (u.author) out.push(`      ${prop('x-author', u.author)}`);
    if (u.testModel) out.push(`      ${prop('x-test-model', 'true')}`);
    out.push(`      <tuv${attrs({ 'xml:lang': srcLang })}><seg>${escapeXml(u.source)}</seg></tuv>`);
    out.push(`      <tuv${attrs({ 'xml:lang': trgLang })}><seg>${escapeXml(u.target ?? '')}</seg></tuv>`);
    out.push('    </tu>');
  }
  out.push('  </body>', '</tmx>', '');
  return out.join('\n');
}
