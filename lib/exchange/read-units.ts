/**
 * Reads TMX (1.1-1.4), XLIFF (1.x, 2.x) and gettext PO into source/target pairs: what `memory import` stores and
 * what the round-trip tests compare with exchangeUnits. Pure: the caller reads the file.
 */
import { po as gettextPo, type GetTextTranslations } from 'gettext-parser';
import type { ExportStatus as RevisionStatus } from './export-document';
import { childNamed, childrenNamed, descendantsNamed, inlineText, localName, parseXml, type XmlElement } from './xml';

export type TranslationFileFormat = 'tmx' | 'xliff12' | 'xliff20' | 'po';

/** One pair read from a file, with what the file says about it. */
export interface ReadUnit {
  id: string | null;
  source: string;
  target: string | null;
  status: RevisionStatus | null;
  author: string | null;
  testModel: boolean;
}

export type ReadResult =
  | { ok: true; format: TranslationFileFormat; units: ReadUnit[]; skipped: { header: number; language: number } }
  | { ok: false; code: 'not_xml' | 'not_po' | 'unknown_format'; message: string };

const isLang = (value: string | undefined, lang: string) =>
  value !== undefined && value.toLowerCase().split(/[-_]/)[0] === lang.toLowerCase().split(/[-_]/)[0];

function propsOf(el: XmlElement): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of childrenNamed(el, 'prop')) out.set(p.attrs.type ?? '', inlineText(p));
  return out;
}

const STATUSES = new Set<RevisionStatus>(['machine', 'edited', 'approved']);
const asStatus = (v: string | undefined): RevisionStatus | null =>
  v !== undefined && STATUSES.has(v as RevisionStatus) ? (v as RevisionStatus) : null;

function readTmx(root: XmlElement, sourceLang: string, targetLang: string): ReadResult {
  const body = childNamed(root, 'body');
  const units: ReadUnit[] = [];
  let language = 0;
  for (const tu of body ? childrenNamed(body, 'tu') : []) {
    const tuvs = childrenNamed(tu, 'tuv');
    // TMX 1.1 wrote `lang`; 1.4 writes `xml:lang`.
    const langOf = (tuv: XmlElement) => tuv.attrs['xml:lang'] ?? tuv.attrs.lang;
    const src = tuvs.find((t) => isLang(langOf(t), sourceLang));
    const trg = tuvs.find((t) => isLang(langOf(t), targetLang));
    if (!src) {
      language += 1;
      continue;
    }
    const seg = (tuv: XmlElement | undefined) => {
      const s = tuv ? childNamed(tuv, 'seg') : undefined;
      return s ? inlineText(s) : null;
    };
    const props = propsOf(tu);
    const notes = childrenNamed(tu, 'note');
    units.push({
      id: tu.attrs.tuid ?? null,
      source: seg(src) ?? '',
      target: seg(trg),
      status: asStatus(props.get('x-status')),
      author: props.get('x-author') ?? tu.attrs.changeid ?? tu.attrs.creationid ?? null,
      testModel: props.get('x-test-model') === 'true' || notes.some((n) => /test.model/i.test(n.attrs.type ?? '')),
    });
  }
  return { ok: true, format: 'tmx', units, skipped: { header: 0, language } };
}

const STATUS_OF_12: Record<string, RevisionStatus> = {
  'needs-review-translation': 'machine',
  'needs-review-adaptation': 'machine',
  'needs-review-l10n': 'machine',
  'needs-adaptation': 'machine',
  'needs-l10n': 'machine',
  translated: 'edited',
  'signed-off': 'approved',
  final: 'approved',
};

function readXliff12(root: XmlElement): ReadResult {
  const units: ReadUnit[] = [];
  let header = 0;
  for (const tu of descendantsNamed(root, 'trans-unit')) {
    // translate-toolkit (po2xliff) keeps the PO header as a unit of its own: metadata, not text.
    if (tu.attrs.restype === 'x-gettext-domain-header') {
      header += 1;
      continue;
    }
    const source = childNamed(tu, 'source');
    const target = childNamed(tu, 'target');
    const state = target?.attrs.state;
    let status: RevisionStatus | null = state ? (STATUS_OF_12[state] ?? null) : null;
    if (tu.attrs.approved === 'yes' && status !== 'machine') status = 'approved';
    units.push({
      id: tu.attrs.id ?? null,
      source: source ? inlineText(source) : '',
      target: target ? inlineText(target) : null,
      status,
      author: tu.attrs['paralelo:author'] ?? null,
      testModel: tu.attrs['paralelo:test-model'] === 'true',
    });
  }
  return { ok: true, format: 'xliff12', units, skipped: { header, language: 0 } };
}

const STATUS_OF_20: Record<string, RevisionStatus> = {
  initial: 'machine',
  translated: 'edited',
  reviewed: 'edited',
  final: 'approved',
};

function readXliff20(root: XmlElement): ReadResult {
  const units: ReadUnit[] = [];
  for (const unit of descendantsNamed(root, 'unit')) {
    const testModel =
      unit.attrs['paralelo:test-model'] === 'true' ||
      descendantsNamed(unit, 'note').some((n) => n.attrs.category === 'paralelo:test-model');
    for (const segment of childrenNamed(unit, 'segment')) {
      const source = childNamed(segment, 'source');
      const target = childNamed(segment, 'target');
      const subState = segment.attrs.subState;
      const ours = subState?.startsWith('paralelo:') ? subState.slice('paralelo:'.length) : undefined;
      units.push({
        id: segment.attrs.id ?? unit.attrs.id ?? null,
        source: source ? inlineText(source) : '',
        target: target ? inlineText(target) : null,
        status: !target
          ? null
          : ours === 'memory'
            ? 'machine'
            : (asStatus(ours) ?? STATUS_OF_20[segment.attrs.state ?? 'initial'] ?? null),
        author: unit.attrs['paralelo:author'] ?? null,
        testModel,
      });
    }
  }
  return { ok: true, format: 'xliff20', units, skipped: { header: 0, language: 0 } };
}

/**
 * Reads a TMX, XLIFF or PO document; languages pick the TMX variants (XLIFF's own declarations are often wrong) and
 * check a PO file's Language header.
 */
// A PO file starts with comments or blank lines, then its first msgctxt or msgid.
const PO_START = /^(?:\s*(?:#[^\n]*)?\n)*\s*(?:msgctxt|msgid)\s+"/u;

/**
 * A gettext PO file (Spanish msgid, English msgstr, as translate-toolkit's po2xliff and Paralelo's users write them).
 * Its header entry is counted as skipped; obsolete entries (#~) are left out; a fuzzy translation is read as machine
 * output to review. A file whose Language header names another language than the target is skipped whole.
 */
function readPo(text: string, targetLang: string): ReadResult {
  let po: GetTextTranslations;
  try {
    // gettext-parser reads in one pass (pofile's parser was quadratic: 40,000 entries took 3.6 s, 324,478 took 212 s).
    po = gettextPo.parse(text);
  } catch (err) {
    return { ok: false, code: 'not_po', message: `not a readable PO file (${(err as Error).message.split('\n')[0]})` };
  }
  // Obsolete entries (#~) sit in po.obsolete, apart: they are left out.
  const items = Object.values(po.translations).flatMap((byId) =>
    Object.values(byId).filter((item) => item.msgid !== ''),
  );
  const header = /^\s*(?:#[^\n]*\n\s*)*msgid\s+""\s*\n\s*msgstr\s/mu.test(text) ? 1 : 0;
  const language = po.headers?.Language?.trim();
  if (language && !isLang(language, targetLang)) {
    return { ok: true, format: 'po', units: [], skipped: { header, language: items.length } };
  }
  const units: ReadUnit[] = items.map((item) => {
    const target = item.msgstr[0] ?? '';
    const fuzzy = /(?:^|[\s,])fuzzy(?:$|[\s,])/u.test(item.comments?.flag ?? '');
    return {
      id: item.comments?.reference?.split(/\s+/)[0] || null,
      source: item.msgid,
      target: target === '' ? null : target,
      status: target === '' ? null : fuzzy ? 'machine' : 'edited',
      author: null,
      testModel: false,
    };
  });
  return { ok: true, format: 'po', units, skipped: { header, language: 0 } };
}

export function readTranslationFile(
  text: string,
  langs: { source: string; target: string } = { source: 'es', target: 'en' },
): ReadResult {
  const body = text.replace(/^\uFEFF/, '');
  if (PO_START.test(body)) return readPo(body, langs.target);
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (err) {
    return { ok: false, code: 'not_xml', message: `not well-formed XML (${(err as Error).message})` };
  }
  const name = localName(root.name);
  if (name === 'tmx') return readTmx(root, langs.source, langs.target);
  if (name === 'xliff') return (root.attrs.version ?? '').startsWith('2') ? readXliff20(root) : readXliff12(root);
  return {
    ok: false,
    code: 'unknown_format',
    message: `the root element is <${root.name}>, not <tmx> or <xliff> (a PO file starts with msgid)`,
  };
}
