/**
 * One XHTML content document of an EPUB to heading and paragraph blocks. The contents' titles that point into it
 * become headings (or set the level of the heading already there); footnotes leave the flow and follow their
 * chapter as paragraphs of their own, each led by its mark ("[1] …"); note references stay as "[1]"; page-break
 * markers, images and other media are left out (and counted); Project Gutenberg's boilerplate sections are dropped.
 */
import type { Block } from '../text';
import { resolveHref } from './epub-package';
import { epubTypes, type TocEntry } from './epub-toc';
import { childElements, tagOf, type DomElement, type DomNode, type XhtmlDocument } from './epub-xml';
import { BLOCK, DROP, tidyText } from './html-to-blocks';

/** What one content document gives. */
export interface ChapterBlocks {
  blocks: Block[];
  /** Footnotes moved after their chapter. */
  notes: number;
  /** Images and other media left out. */
  media: number;
  /** epub:type tokens of the body and of its first section (cover, titlepage, copyright-page, …). */
  types: string[];
  /** Project Gutenberg boilerplate dropped: 'header' and/or 'footer'. */
  gutenberg: ('header' | 'footer')[];
  /** Words of text kept, for telling a copyright page from a chapter. */
  words: number;
}

const MEDIA = new Set(['img', 'svg', 'picture', 'video', 'audio', 'object', 'embed', 'canvas', 'image', 'iframe']);
const EPUB_BLOCK = new Set([...BLOCK, 'section', 'caption', 'hgroup', 'aside']);
const NOTE = { types: ['footnote', 'endnote', 'rearnote', 'note'], roles: ['doc-footnote', 'doc-endnote'] };
const NOTES = { types: ['footnotes', 'endnotes', 'rearnotes'], roles: ['doc-endnotes', 'doc-footnotes'] };
const NOTE_CLASS = /^(?:foot|end)-?note$/iu;
const NOTES_CLASS = /^(?:foot|end)-?notes$/iu;
const NOTEREF_CLASS = /^(?:noteref|footnote-?ref(?:erence)?|fnanchor|footnote-link)$/iu;
// A reference mark as books print them: 1, 12a, [3], (4), *, †.
const NOTE_MARK = /^[[(]?(?:\d{1,4}[a-z]?|[*†‡§]{1,3})[\])]?$/u;
// A back link's arrow, with or without a variation selector (pandoc writes ↩︎).
const BACK_ARROWS = /^(?:[\s↩↑^]|\u{FE0E}|\u{FE0F})+$/u;
const PG_IDS = new Set(['pg-header', 'pg-footer', 'pg-machine-header', 'pg-start-separator', 'pg-end-separator']);

const classes = (el: DomElement) => (el.getAttribute('class') ?? '').split(/\s+/u).filter(Boolean);
const role = (el: DomElement) => (el.getAttribute('role') ?? '').toLowerCase().split(/\s+/u);
const has = (el: DomElement, spec: { types: string[]; roles: string[] }, cls: RegExp) =>
  epubTypes(el).some((t) => spec.types.includes(t)) ||
  role(el).some((r) => spec.roles.includes(r)) ||
  classes(el).some((c) => cls.test(c));

const isNotesContainer = (el: DomElement) => has(el, NOTES, NOTES_CLASS);
const isBacklink = (el: DomElement) =>
  epubTypes(el).includes('backlink') ||
  role(el).includes('doc-backlink') ||
  classes(el).includes('footnote-back') ||
  (tagOf(el) === 'a' && BACK_ARROWS.test(el.textContent ?? 'x'));
const isPageBreak = (el: DomElement) => epubTypes(el).includes('pagebreak') || role(el).includes('doc-pagebreak');

/** A link marked as a note reference, or a short mark in superscript that links into the book. */
function isNoteref(el: DomElement): boolean {
  if (tagOf(el) !== 'a' || !el.getAttribute('href')) return false;
  if (epubTypes(el).includes('noteref') || role(el).includes('doc-noteref')) return true;
  if (classes(el).some((c) => NOTEREF_CLASS.test(c))) return true;
  const mark = tidyText(el.textContent ?? '');
  const sup = (n: DomNode | null) => !!n && n.nodeType === 1 && tagOf(n as DomElement) === 'sup';
  const inSup = sup(el.parentNode) || childElements(el).some((c) => tagOf(c) === 'sup');
  return inSup && NOTE_MARK.test(mark) && el.getAttribute('href')!.includes('#');
}

const bareMark = (mark: string) => mark.replace(/^[[(]|[\])]$/gu, '');
// Titles compared as a reader would: case, no-break spaces and final punctuation aside.
const normalTitle = (text: string) =>
  text
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase()
    .replace(/[.:;,\s]+$/u, '');

/**
 * Whether a heading of the text is the contents entry's title: the same, or one the other's start up to a word
 * boundary (a contents entry "Capítulo I. Que trata de…" for the heading "Capítulo I"), never "I" for "Introducción".
 */
function sameTitle(entry: string, heading: string): boolean {
  const a = normalTitle(entry);
  const b = normalTitle(heading);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return (
    short !== '' &&
    long.startsWith(short) &&
    (long.length === short.length || !/[\p{L}\p{N}]/u.test(long[short.length]!))
  );
}

function idsIn(el: DomElement, out: string[] = []): string[] {
  const id = el.getAttribute('id');
  if (id) out.push(id);
  for (const c of childElements(el)) idsIn(c, out);
  return out;
}

/**
 * Blocks of one content document at `path`. `toc` holds the contents entries pointing into it; `noteLabels` maps
 * "path#id" of note targets to their marks, filled as references are met (so endnotes in a later file find theirs).
 */
export function chapterBlocks(
  document: XhtmlDocument,
  path: string,
  toc: readonly TocEntry[],
  noteLabels: Map<string, string>,
): ChapterBlocks {
  const root = document.querySelector('body') ?? document.documentElement;
  const firstSection = childElements(root).find((c) => tagOf(c) === 'section' || tagOf(c) === 'div');
  const result: ChapterBlocks = {
    blocks: [],
    notes: 0,
    media: 0,
    types: [...epubTypes(root), ...(firstSection ? epubTypes(firstSection) : [])],
    gutenberg: [],
    words: 0,
  };
  const byId = new Map<string, DomElement>();
  for (const el of Array.from(root.querySelectorAll('[id]'))) {
    const id = el.getAttribute('id');
    if (id && !byId.has(id)) byId.set(id, el);
  }
  // Targets of note references in this file are notes even without a note type (Word and Calibre books).
  const noteTargets = new Set<DomElement>();
  for (const a of Array.from(root.querySelectorAll('a'))) {
    if (!isNoteref(a)) continue;
    const href = resolveHref(path, a.getAttribute('href')!);
    if (!href.ok || !href.fragment) continue;
    const key = `${href.path}#${href.fragment}`;
    if (!noteLabels.has(key)) noteLabels.set(key, bareMark(tidyText(a.textContent ?? '')));
    const target = href.path === path ? byId.get(href.fragment) : undefined;
    const block = target ? closestBlock(target) : null;
    if (block && block !== closestBlock(a)) noteTargets.add(block);
  }
  const isNote = (el: DomElement) => noteTargets.has(el) || has(el, NOTE, NOTE_CLASS);

  const tocAt = new Map<DomElement, TocEntry[]>();
  let pendingToc: TocEntry[] = [];
  for (const entry of toc) {
    const target = entry.fragment ? byId.get(entry.fragment) : undefined;
    if (!target) pendingToc.push(entry);
    else tocAt.set(target, [...(tocAt.get(target) ?? []), entry]);
  }
  const notes: Block[] = [];
  let buffer = '';

  const push = (block: Block) => result.blocks.push(block);
  const flushNotes = () => {
    for (const n of notes.splice(0)) push(n);
  };
  const emitPendingToc = (upTo: number) => {
    const entries = pendingToc.splice(0, upTo);
    if (entries.length > 0) flushNotes();
    for (const e of entries) push({ kind: 'heading', text: e.title, level: Math.min(6, e.depth + 1) });
  };
  const flush = () => {
    const text = tidyText(buffer);
    buffer = '';
    if (!text) return;
    emitPendingToc(pendingToc.length);
    push({ kind: 'paragraph', text });
  };
  const heading = (text: string, level: number) => {
    const match = pendingToc.findIndex((e) => sameTitle(e.title, text));
    if (match < 0) {
      emitPendingToc(pendingToc.length);
      return push({ kind: 'heading', text, level: Math.min(6, level + 1) });
    }
    const entry = pendingToc[match]!;
    emitPendingToc(match);
    pendingToc.shift();
    flushNotes();
    push({ kind: 'heading', text, level: Math.min(6, entry.depth + 1) });
  };

  const noteOf = (el: DomElement) => {
    const saved = result.blocks;
    result.blocks = [];
    const savedToc = pendingToc;
    pendingToc = [];
    walkChildren(el);
    flush();
    const inner = result.blocks.map((b): Block => ({ kind: 'paragraph', text: b.text }));
    result.blocks = saved;
    pendingToc = savedToc;
    const label = idsIn(el)
      .map((id) => noteLabels.get(`${path}#${id}`))
      .find((l) => l !== undefined);
    const first = inner[0];
    if (!first) return;
    if (label && !new RegExp(`^[[(]?${escapeRegExp(label)}(?![\\p{L}\\p{N}])`, 'u').test(first.text))
      first.text = `[${label}] ${first.text}`;
    notes.push(...inner);
    result.notes += 1;
  };
  const notesContainer = (el: DomElement) => {
    for (const child of childElements(el)) {
      const tag = tagOf(child);
      if (/^h[1-6]$/u.test(tag)) {
        const text = tidyText(child.textContent ?? '');
        if (text) notes.push({ kind: 'heading', text, level: Math.min(6, Number(tag[1]) + 1) });
      } else if (tag === 'ol' || tag === 'ul' || ((tag === 'div' || tag === 'section') && !isNote(child)))
        notesContainer(child);
      else if (tag !== 'hr' && !DROP.has(tag)) noteOf(child);
    }
  };

  const walkChildren = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) buffer += child.textContent ?? '';
      else if (child.nodeType === 1) walk(child as DomElement);
    }
  };
  const walk = (el: DomElement) => {
    const tag = tagOf(el);
    if (MEDIA.has(tag)) {
      result.media += 1;
      return;
    }
    if (DROP.has(tag) || isPageBreak(el) || isBacklink(el)) return;
    const id = el.getAttribute('id');
    if ((id && PG_IDS.has(id)) || classes(el).includes('pg-boilerplate')) {
      flush();
      result.gutenberg.push(/footer|end/u.test(id ?? '') || result.blocks.length > 0 ? 'footer' : 'header');
      return;
    }
    const entries = tocAt.get(el);
    if (entries) {
      flush();
      pendingToc.push(...entries);
    }
    if (isNotesContainer(el)) {
      flush();
      return notesContainer(el);
    }
    if (isNote(el)) {
      flush();
      return noteOf(el);
    }
    if (isNoteref(el)) {
      const mark = bareMark(tidyText(el.textContent ?? ''));
      if (mark) buffer += `[${mark}]`;
      return;
    }
    if (tag === 'br') {
      buffer += ' ';
      return;
    }
    const h = /^h([1-6])$/u.exec(tag);
    if (h) {
      flush();
      walkChildren(el);
      const text = tidyText(buffer);
      buffer = '';
      if (text) heading(text, Number(h[1]));
      return;
    }
    if (EPUB_BLOCK.has(tag)) {
      flush();
      walkChildren(el);
      flush();
    } else walkChildren(el);
  };

  walkChildren(root);
  flush();
  flushNotes();
  for (const b of result.blocks) result.words += b.text.split(' ').length;
  return result;
}

function closestBlock(el: DomElement): DomElement {
  let at: DomNode | null = el;
  while (at && at.nodeType === 1) {
    const tag = tagOf(at as DomElement);
    if (tag === 'body') break;
    if (EPUB_BLOCK.has(tag) || /^h[1-6]$/u.test(tag)) return at as DomElement;
    at = at.parentNode;
  }
  return el;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
