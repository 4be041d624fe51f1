/**
 * The XHTML pages of an exported EPUB: the title page, one page per chapter and the navigation document, written
 * with xmlbuilder2 (every text and attribute escaped, characters XML cannot carry dropped). In the bilingual layout
 * each Spanish paragraph is followed by its English in a <blockquote>: indented by every reading system's own
 * styles, so the two stay told apart even where the book's style sheet is ignored; the style sheet adds a rule.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { ExportChapter, ExportDocument, ExportParagraph } from './export-document';
import type { ExportLayout } from './export-formats';
import type { ExportLabels } from './labels';

/**
 * Text for xmlbuilder2's txt(): it leaves an "&" that starts something shaped like a reference ("&amp;", "&#13;",
 * "&nbsp;") unescaped, so the text "&amp;" would be read back as "&" and "&nbsp;" would break the XML. Escaping
 * every "&" first makes it write exactly the text given (the round-trip property test holds it to that).
 */
export const amp = (text: string) => text.replace(/&/g, '&amp;');

const XHTML = 'http://www.w3.org/1999/xhtml';
const OPS = 'http://www.idpf.org/2007/ops';

/** The book's style sheet: spacing and the rule beside the English, no colours (night modes stay readable). */
export const EPUB_CSS = `body { margin: 0 4%; line-height: 1.45; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.3em; }
p { margin: 0.9em 0 0; }
blockquote.en { margin: 0.35em 0 0 1.2em; padding: 0 0 0 0.7em; border-left: 0.25em solid #888; font-size: 0.95em; }
blockquote.en p { margin: 0; }
p.en-heading { margin: 0 0 0.8em; font-weight: bold; }
.untranslated, .test-model { font-style: italic; }
.label { font-style: normal; font-weight: bold; font-size: 0.85em; }
.notice { border: 2px solid #888; padding: 0.5em 1em; }
`;

/** File name of a chapter's page in the package. */
export const chapterFile = (n: number) => `c${String(n + 1).padStart(3, '0')}.xhtml`;

/** Anchor of a paragraph in its chapter's page. */
export const paragraphId = (p: ExportParagraph) => `p${p.index}`;

function page(lang: string, title: string): { doc: XMLBuilder; body: XMLBuilder } {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' }).dtd({ name: 'html' });
  const html = doc.ele(XHTML, 'html', { 'xmlns:epub': OPS, lang, 'xml:lang': lang });
  const head = html.ele('head');
  head.ele('meta', { charset: 'utf-8' });
  head.ele('title').txt(amp(title));
  head.ele('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' });
  return { doc, body: html.ele('body') };
}

const end = (doc: XMLBuilder) => doc.end({ prettyPrint: false });
const langAttrs = (lang: string) => ({ lang, 'xml:lang': lang });

/** The English of a paragraph inside `parent`: its text, labelled when a test model made it or when there is none. */
function english(parent: XMLBuilder, p: ExportParagraph, labels: ExportLabels) {
  if (!p.target) {
    parent.ele('span', { class: 'label', ...langAttrs(labels.lang) }).txt(amp(`(${labels.untranslated})`));
    return;
  }
  if (p.target.testModel)
    parent.ele('span', { class: 'label', ...langAttrs(labels.lang) }).txt(amp(`[${labels.testModel}] `));
  parent.txt(amp(p.target.text));
}

function bilingualParagraph(body: XMLBuilder, p: ExportParagraph, labels: ExportLabels, src: string, trg: string) {
  const cls = ['en', p.target?.testModel ? 'test-model' : '', p.target ? '' : 'untranslated'].filter(Boolean);
  if (p.kind === 'heading') {
    body
      .ele(`h${Math.min(6, Math.max(1, p.level ?? 2))}`, { id: paragraphId(p), ...langAttrs(src) })
      .txt(amp(p.source));
    english(body.ele('p', { class: ['en-heading', ...cls.slice(1)].join(' '), ...langAttrs(trg) }), p, labels);
    return;
  }
  body.ele('p', { id: paragraphId(p), class: 'es' }).txt(amp(p.source));
  english(body.ele('blockquote', { class: cls.join(' '), ...langAttrs(trg) }).ele('p'), p, labels);
}

function englishParagraph(body: XMLBuilder, p: ExportParagraph, labels: ExportLabels, src: string) {
  const name = p.kind === 'heading' ? `h${Math.min(6, Math.max(1, p.level ?? 2))}` : 'p';
  if (!p.target) {
    // Nothing of the book is lost: the Spanish stands in, labelled, with its own language.
    const el = body.ele(name, { id: paragraphId(p), class: 'untranslated', ...langAttrs(src) });
    el.ele('span', { class: 'label', ...langAttrs(labels.lang) }).txt(amp(`(${labels.untranslated}) `));
    el.txt(amp(p.source));
    return;
  }
  const el = body.ele(name, { id: paragraphId(p), ...(p.target.testModel ? { class: 'test-model' } : {}) });
  english(el, p, labels);
}

/** The page of one chapter. */
export function chapterPage(
  doc: ExportDocument,
  chapter: ExportChapter,
  layout: ExportLayout,
  labels: ExportLabels,
): string {
  const src = doc.sourceLang || 'es';
  const trg = doc.targetLang || 'en';
  const { doc: xml, body } = page(layout === 'bilingual' ? src : trg, chapterTitle(chapter, layout) ?? doc.title);
  const section = body.ele('section', { 'epub:type': 'chapter' });
  for (const p of chapter.paragraphs)
    if (layout === 'bilingual') bilingualParagraph(section, p, labels, src, trg);
    else englishParagraph(section, p, labels, src);
  return end(xml);
}

/** The title page: the title, how the two languages are laid out, and the test-model notice when it applies. */
export function titlePage(doc: ExportDocument, layout: ExportLayout, labels: ExportLabels, anyTest: boolean): string {
  const src = doc.sourceLang || 'es';
  const { doc: xml, body } = page(layout === 'bilingual' ? src : doc.targetLang || 'en', doc.title);
  const section = body.ele('section', { 'epub:type': 'titlepage' });
  section.ele('h1', langAttrs(src)).txt(amp(doc.title));
  if (layout === 'bilingual') section.ele('p', langAttrs(labels.lang)).txt(amp(labels.epubLegend));
  if (anyTest)
    section.ele('p', { class: 'notice', role: 'note', ...langAttrs(labels.lang) }).txt(amp(labels.testModelNote));
  return end(xml);
}

/** A chapter's title as the contents show it: its first heading, in English in the English layout when there is one. */
export function chapterTitle(chapter: ExportChapter, layout: ExportLayout): string | null {
  const heading = chapter.paragraphs.find((p) => p.kind === 'heading');
  if (!heading) return null;
  return layout === 'english' && heading.target ? heading.target.text : heading.source;
}

/** One entry of the contents: a heading, where it is, and the entries under it. */
export interface NavEntry {
  title: string;
  href: string;
  children: NavEntry[];
}

/** The headings of the book as a tree by level (a jump of levels nests under the last shallower heading). */
export function navTree(doc: ExportDocument, layout: ExportLayout): NavEntry[] {
  const roots: NavEntry[] = [];
  const stack: { level: number; entry: NavEntry }[] = [];
  doc.chapters.forEach((chapter, n) => {
    for (const p of chapter.paragraphs) {
      if (p.kind !== 'heading') continue;
      const level = p.level ?? 2;
      const title = layout === 'english' && p.target ? p.target.text : p.source;
      const entry: NavEntry = { title, href: `${chapterFile(n)}#${paragraphId(p)}`, children: [] };
      while (stack.length > 0 && stack.at(-1)!.level >= level) stack.pop();
      (stack.at(-1)?.entry.children ?? roots).push(entry);
      stack.push({ level, entry });
    }
  });
  return roots;
}

/** The EPUB 3 navigation document: the contents (or the title alone when there are no headings) and landmarks. */
export function navPage(doc: ExportDocument, tree: NavEntry[], layout: ExportLayout, labels: ExportLabels): string {
  const { doc: xml, body } = page(
    layout === 'bilingual' ? doc.sourceLang || 'es' : doc.targetLang || 'en',
    labels.contents,
  );
  const toc = body.ele('nav', { 'epub:type': 'toc', id: 'toc' });
  toc.ele('h1', langAttrs(labels.lang)).txt(amp(labels.contents));
  const list = (parent: XMLBuilder, entries: NavEntry[]) => {
    const ol = parent.ele('ol');
    for (const e of entries) {
      const li = ol.ele('li');
      li.ele('a', { href: e.href }).txt(amp(e.title));
      if (e.children.length > 0) list(li, e.children);
    }
  };
  list(toc, tree.length > 0 ? tree : [{ title: doc.title, href: chapterFile(0), children: [] }]);
  const landmarks = body.ele('nav', { 'epub:type': 'landmarks', hidden: 'hidden' });
  const ol = landmarks.ele('ol');
  ol.ele('li').ele('a', { 'epub:type': 'titlepage', href: 'title.xhtml' }).txt(amp(doc.title));
  ol.ele('li')
    .ele('a', { 'epub:type': 'bodymatter', href: chapterFile(0) })
    .txt(amp(labels.contents));
  return end(xml);
}
