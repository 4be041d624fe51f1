/**
 * Glossaries as TBX, the ISO 30042 termbase exchange format: read from TBX-Basic and TBX-Core of both editions
 * (2008: <martif> with termEntry/langSet/tig; 2019: <tbx> with conceptEntry/langSec/termSec), written as
 * TBX-Basic 2008, which more CAT tools read (translate-toolkit, OmegaT).
 *
 * Per concept: the Spanish terms are the term and its forms (the first, or the preferred one, is the term); English
 * terms marked deprecated, superseded or not recommended are forbidden, the others required. Parsing goes through
 * lib/exchange/xml.ts (fast-xml-parser, entities never expanded), and a file that declares entities is refused.
 */
import {
  childrenNamed,
  descendantsNamed,
  escapeXml,
  inlineText,
  localName,
  parseXml,
  type XmlElement,
} from '../exchange/xml';
import { MAX_GLOSSARY_ENTRIES, readError, validEntry, type GlossaryProblem, type GlossaryReadResult } from './entries';
import type { GlossaryEntry } from './types';

const FORBIDDEN_STATUS = /deprecated|superseded|notRecommended|obsolete/iu;
const PREFERRED_STATUS = /preferred/iu;

interface TbxTerm {
  text: string;
  status: string;
}

const langOf = (el: XmlElement) => (el.attrs['xml:lang'] ?? el.attrs.lang ?? '').toLowerCase();
const isLang = (el: XmlElement, lang: string) => langOf(el).split(/[-_]/u)[0] === lang;

/** The terms of a language section, with their administrative status (TBX-Basic) or normative authorization. */
function termsOf(section: XmlElement): TbxTerm[] {
  const groups = [
    ...childrenNamed(section, 'tig'),
    ...childrenNamed(section, 'ntig'),
    ...childrenNamed(section, 'termSec'),
  ];
  return groups.flatMap((group) => {
    const term = descendantsNamed(group, 'term')[0];
    if (!term) return [];
    const status = descendantsNamed(group, 'termNote')
      .filter((n) => /administrativeStatus|normativeAuthorization/iu.test(n.attrs.type ?? ''))
      .map(inlineText)
      .join(' ');
    return [{ text: inlineText(term), status }];
  });
}

/** A definition or a note of the concept or of its Spanish section, if any. */
function noteOf(entry: XmlElement, sections: XmlElement[]): string {
  for (const el of [entry, ...sections]) {
    const descrips = [
      ...childrenNamed(el, 'descrip'),
      ...childrenNamed(el, 'descripGrp').flatMap((g) => childrenNamed(g, 'descrip')),
    ];
    const note =
      descrips.find((d) => /definition|context|explanation/iu.test(d.attrs.type ?? '')) ?? childrenNamed(el, 'note')[0];
    if (note) return inlineText(note);
  }
  return '';
}

function entryOf(
  entry: XmlElement,
  spanishFirst: boolean,
): { term: string; forms: string[]; english: string[]; forbidden: string[]; note: string } {
  const sections = [...childrenNamed(entry, 'langSet'), ...childrenNamed(entry, 'langSec')];
  // translate-toolkit's csv2tbx labels the two sides "en" and "xx": with no Spanish section, the first is the source.
  let spanish = sections.filter((s) => isLang(s, 'es'));
  let english = sections.filter((s) => isLang(s, 'en'));
  if (spanishFirst && spanish.length === 0 && sections.length >= 2) {
    spanish = [sections[0]!];
    english = sections.slice(1, 2);
  }
  const es = spanish.flatMap(termsOf);
  const preferred = es.findIndex((t) => PREFERRED_STATUS.test(t.status));
  const ordered = preferred > 0 ? [es[preferred]!, ...es.filter((_, i) => i !== preferred)] : es;
  const en = english.flatMap(termsOf);
  return {
    term: ordered[0]?.text ?? '',
    forms: ordered.slice(1).map((t) => t.text),
    english: en.filter((t) => !FORBIDDEN_STATUS.test(t.status)).map((t) => t.text),
    forbidden: en.filter((t) => FORBIDDEN_STATUS.test(t.status)).map((t) => t.text),
    note: noteOf(entry, spanish),
  };
}

/** Reads a TBX glossary. Bounded: entries are counted before the file is parsed, and too many are refused. */
export function readGlossaryTbx(text: string): GlossaryReadResult {
  const head = text.slice(0, 4096);
  if (/<!ENTITY/iu.test(text)) return readError('entities', 'the file declares XML entities, which are not read');
  const count = (text.match(/<(?:[\w.-]+:)?(?:termEntry|conceptEntry)[\s>]/gu) ?? []).length;
  if (count > MAX_GLOSSARY_ENTRIES)
    return readError('too_many', `more than ${MAX_GLOSSARY_ENTRIES} entries`, { max: MAX_GLOSSARY_ENTRIES });
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    const binary = /[\u0000-\u0008]/u.test(head); // eslint-disable-line no-control-regex -- binary bytes
    return readError(
      'not_tbx',
      binary ? 'the file is binary, not TBX' : `not well-formed XML: ${(error as Error).message}`,
      {
        reason: binary ? 'binary' : (error as Error).message,
      },
    );
  }
  const name = localName(root.name);
  if (name !== 'martif' && name !== 'tbx') {
    return readError('not_tbx', `the root element is <${name}>, not <martif> or <tbx>`, { reason: `<${name}>` });
  }
  const concepts = [...descendantsNamed(root, 'termEntry'), ...descendantsNamed(root, 'conceptEntry')];
  const anySpanish = concepts.some((c) =>
    [...childrenNamed(c, 'langSet'), ...childrenNamed(c, 'langSec')].some((s) => isLang(s, 'es')),
  );
  const entries: GlossaryEntry[] = [];
  const problems: GlossaryProblem[] = [];
  concepts.forEach((concept, i) => {
    const result = validEntry(entryOf(concept, !anySpanish), i + 1);
    if (result.ok) entries.push(result.entry);
    else problems.push(result.problem);
  });
  if (entries.length === 0) return readError('empty', 'no usable entry', { problems: problems.length });
  return { ok: true, format: 'tbx', entries, problems };
}

function termGroup(text: string, status: string): string {
  return `<tig><term>${escapeXml(text)}</term><termNote type="administrativeStatus">${status}</termNote></tig>`;
}

/** Writes a glossary as TBX-Basic (ISO 30042:2008), which readGlossaryTbx reads back unchanged. */
export function writeGlossaryTbx(entries: readonly GlossaryEntry[]): string {
  const body = entries.map((e, i) => {
    const note = e.note ? `\n        <descrip type="definition">${escapeXml(e.note)}</descrip>` : '';
    const spanish = [
      termGroup(e.term, 'preferredTerm-admn-sts'),
      ...e.forms.map((f) => termGroup(f, 'admittedTerm-admn-sts')),
    ];
    const english = [
      ...e.english.map((t, k) => termGroup(t, k === 0 ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts')),
      ...e.forbidden.map((t) => termGroup(t, 'deprecatedTerm-admn-sts')),
    ];
    const englishSet =
      english.length > 0
        ? `\n        <langSet xml:lang="en">\n          ${english.join('\n          ')}\n        </langSet>`
        : '';
    return `      <termEntry id="c${i + 1}">${note}
        <langSet xml:lang="es">
          ${spanish.join('\n          ')}
        </langSet>${englishSet}
      </termEntry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="es">
  <martifHeader>
    <fileDesc><sourceDesc><p>Paralelo glossary</p></sourceDesc></fileDesc>
    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
${body.join('\n')}
    </body>
  </text>
</martif>
`;
}
