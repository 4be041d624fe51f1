import { po, type GetTextTranslation } from 'gettext-parser';
import type { ExportDocument } from './export-document';
import type { ExportInfo, ExportLabels } from './labels';
import { exchangeUnits, type ExchangeUnit } from './units';
import { xmlSafe } from './xml';

/**
 * A string escaped as a PO string holds it (gettext-parser escapes line feeds itself). Its own escaping runs every
 * entry through its Unicode line-breaking code even when no line is folded: 0.3 ms an entry, seconds for a novel, so
 * it is turned off and the four escapes are done here (the round-trip property test reads every one back).
 */
const poString = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\r/g, '\\r');

/** PO's revision date form: 2025-01-02 03:04+0000. */
export function poDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}+0000`;
}

/** Where the unit's English comes from, for the extracted comment (#.) a translator sees beside it. */
function provenance(u: ExchangeUnit): string {
  if (u.target === null) return 'paralelo: untranslated';
  const from = [u.origin === 'machine' ? null : u.origin, u.author].filter(Boolean).join(', ');
  return `paralelo: ${u.status}${from ? ` (${from})` : ''}`;
}

/**
 * The document as a gettext PO file (written by gettext-parser): one entry per aligned sentence group, Spanish msgid,
 * English msgstr, its unit id as msgctxt (so a sentence that appears twice stays two entries), the paragraph as the
 * reference. Machine and memory output is marked fuzzy (to review); a person's edit or approval is not. Test-model
 * output never goes into a msgstr, where a PO tool or a memory import would take it for a translation: the entry
 * stays untranslated with the output in a comment, labelled.
 */
export function renderPo(doc: ExportDocument, labels: ExportLabels, info: ExportInfo): string {
  const units = exchangeUnits(doc);
  const anyTest = units.some((u) => u.testModel);
  const translations: Record<string, Record<string, GetTextTranslation>> = {
    '': {
      '': {
        msgid: '',
        msgstr: [''],
        comments: { translator: [doc.title, ...(anyTest ? [labels.testModelNote] : [])].join('\n') },
      },
    },
  };
  for (const raw of units) {
    // Control characters and lone surrogates are dropped, as in the XML formats: PO tools choke on them too.
    const u = { ...raw, source: xmlSafe(raw.source), target: raw.target === null ? null : xmlSafe(raw.target) };
    // PO keeps the empty msgid for its header; a document's sentences are never blank, so this is never text.
    if (u.source === '') continue;
    const msgctxt = `p${u.paragraph}-g${u.group}`;
    const extracted = [provenance(u)];
    if (u.testModel) extracted.push(`[${labels.testModel}] ${u.target ?? ''}`, labels.testModelNote);
    const translated = u.target !== null && !u.testModel;
    translations[msgctxt] = {
      [u.source]: {
        msgctxt,
        msgid: poString(u.source),
        msgstr: [translated ? poString(u.target!) : ''],
        comments: {
          reference: `${doc.fileName}:${u.paragraph + 1}`,
          extracted: extracted.join('\n'),
          ...(translated && u.status === 'machine' ? { flag: 'fuzzy' } : {}),
        },
      },
    };
  }
  return po
    .compile(
      {
        charset: 'utf-8',
        headers: {
          'Project-Id-Version': poString(doc.title),
          'PO-Revision-Date': poDate(info.now),
          Language: doc.targetLang || 'en',
          'MIME-Version': '1.0',
          'Content-Type': 'text/plain; charset=UTF-8',
          'Content-Transfer-Encoding': '8bit',
          'X-Generator': `Paralelo ${info.toolVersion}`,
          'X-Source-Language': doc.sourceLang || 'es',
        },
        translations,
      },
      { foldLength: 0, escapeCharacters: false },
    )
    .toString('utf8');
}
