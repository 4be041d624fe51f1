import type { ExportDocument, ExportStatus } from './export-document';
import type { ExportInfo, ExportLabels } from './labels';
import { exchangeUnits, type ExchangeUnit } from './units';
import { attrs, escapeXml, xmlComment } from './xml';

/** Namespace of Paralelo's own attributes (origin, author, test model) in XLIFF files. */
export const PARALELO_NS = 'urn:x-paralelo:exchange:1';

/** XLIFF 1.2 target state for a review status: the English is a draft until a person has corrected it. */
export const XLIFF12_STATE: Record<ExportStatus, string> = {
  machine: 'needs-review-translation',
  edited: 'translated',
  approved: 'final',
};

/** XLIFF 2.0 segment state: machine output is only a starting point (initial), corrected is translated. */
export const XLIFF20_STATE: Record<ExportStatus, string> = {
  machine: 'initial',
  edited: 'translated',
  approved: 'final',
};

function byParagraph(units: ExchangeUnit[]): ExchangeUnit[][] {
  const groups: ExchangeUnit[][] = [];
  for (const u of units) {
    const last = groups.at(-1);
    if (last && last[0]!.paragraph === u.paragraph) last.push(u);
    else groups.push([u]);
  }
  return groups;
}

/** Where a unit's English comes from, as Paralelo's extension attributes. */
function paraleloAttrs(u: ExchangeUnit) {
  return {
    'paralelo:origin': u.origin ?? undefined,
    'paralelo:author': u.author ?? undefined,
    'paralelo:test-model': u.testModel ? 'true' : undefined,
  };
}

/**
 * The document as XLIFF 1.2: a <group> per paragraph holding one <trans-unit> per aligned sentence group. States:
 * machine → needs-review-translation (state-qualifier mt-suggestion, or tm-suggestion for memory), edited →
 * translated, approved → final with approved="yes". An untranslated paragraph keeps its unit without a <target>.
 */
export function renderXliff12(doc: ExportDocument, labels: ExportLabels, info: ExportInfo): string {
  const units = exchangeUnits(doc);
  const anyTest = units.some((u) => u.testModel);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (anyTest) out.push(xmlComment(labels.testModelNote));
  out.push(
    `<xliff${attrs({ version: '1.2', xmlns: 'urn:oasis:names:tc:xliff:document:1.2', 'xmlns:paralelo': PARALELO_NS })}>`,
  );
  out.push(
    `  <file${attrs({
      original: doc.fileName,
      'source-language': doc.sourceLang || 'es',
      'target-language': doc.targetLang || 'en',
      datatype: 'plaintext',
      'tool-id': 'paralelo',
      date: info.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    })}>`,
  );
  out.push('    <header>');
  out.push(
    `      <tool${attrs({ 'tool-id': 'paralelo', 'tool-name': 'Paralelo', 'tool-version': info.toolVersion })}/>`,
  );
  if (anyTest) out.push(`      <note from="paralelo">${escapeXml(labels.testModelNote)}</note>`);
  out.push('    </header>', '    <body>');
  for (const paragraph of byParagraph(units)) {
    out.push(`      <group${attrs({ id: `p${paragraph[0]!.paragraph}`, restype: 'x-paragraph' })}>`);
    for (const u of paragraph) {
      out.push(
        `        <trans-unit${attrs({
          id: `p${u.paragraph}-g${u.group}`,
          'xml:space': 'preserve',
          approved: u.target !== null && u.status === 'approved' ? 'yes' : undefined,
          ...paraleloAttrs(u),
        })}>`,
      );
      out.push(`          <source>${escapeXml(u.source)}</source>`);
      if (u.target !== null) {
        const qualifier =
          u.status !== 'machine' ? undefined : u.origin === 'memory' ? 'tm-suggestion' : 'mt-suggestion';
        out.push(
          `          <target${attrs({ state: XLIFF12_STATE[u.status], 'state-qualifier': qualifier })}>${escapeXml(u.target)}</target>`,
        );
      }
      if (u.testModel)
        out.push(`          <note from="paralelo" annotates="target">${escapeXml(labels.testModelNote)}</note>`);
      out.push('        </trans-unit>');
    }
    out.push('      </group>');
  }
  out.push('    </body>', '  </file>', '</xliff>', '');
  return out.join('\n');
}

/**
 * The document as XLIFF 2.0: a <unit> per paragraph with one <segment> per aligned sentence group (spaces between
 * them as <ignorable>). States: machine → initial, edited → translated, approved → final, each with a subState
 * paralelo:machine | paralelo:memory | paralelo:edited | paralelo:approved. Untranslated segments have no <target>.
 */
export function renderXliff20(doc: ExportDocument, labels: ExportLabels, info: ExportInfo): string {
  const units = exchangeUnits(doc);
  const anyTest = units.some((u) => u.testModel);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (anyTest) out.push(xmlComment(labels.testModelNote));
  out.push(
    `<xliff${attrs({
      xmlns: 'urn:oasis:names:tc:xliff:document:2.0',
      'xmlns:paralelo': PARALELO_NS,
      version: '2.0',
      srcLang: doc.sourceLang || 'es',
      trgLang: doc.targetLang || 'en',
    })}>`,
  );
  out.push(`  <file${attrs({ id: 'f1', original: doc.fileName, 'paralelo:tool-version': info.toolVersion })}>`);
  if (anyTest)
    out.push(`    <notes><note category="paralelo:test-model">${escapeXml(labels.testModelNote)}</note></notes>`);
  for (const paragraph of byParagraph(units)) {
    const first = paragraph[0]!;
    out.push(`    <unit${attrs({ id: `p${first.paragraph}`, ...paraleloAttrs(first) })}>`);
    if (first.testModel)
      out.push(
        `      <notes><note category="paralelo:test-model" appliesTo="target">${escapeXml(labels.testModelNote)}</note></notes>`,
      );
    paragraph.forEach((u, i) => {
      if (i > 0)
        out.push(`      <ignorable><source> </source>${u.target !== null ? '<target> </target>' : ''}</ignorable>`);
      const subState = u.status === 'machine' && u.origin === 'memory' ? 'memory' : u.status;
      out.push(
        `      <segment${attrs({
          id: `p${u.paragraph}-g${u.group}`,
          state: u.target !== null ? XLIFF20_STATE[u.status] : undefined,
          subState: u.target !== null ? `paralelo:${subState}` : undefined,
        })}>`,
      );
      out.push(`        <source xml:space="preserve">${escapeXml(u.source)}</source>`);
      if (u.target !== null) out.push(`        <target xml:space="preserve">${escapeXml(u.target)}</target>`);
      out.push('      </segment>');
    });
    out.push('    </unit>');
  }
  out.push('  </file>', '</xliff>', '');
  return out.join('\n');
}
