import YAML from 'yaml';
import type { Block } from '../text';

/**
 * Escapes plain text so that a CommonMark reader gives back exactly that text: every character that could start
 * markup (emphasis, strikethrough, code and ~~~ code fences, links, images, raw HTML, entities, headings) is backslash-escaped, and so are line starts
 * that would open a list, quote or thematic break. The stored Markdown therefore never carries raw HTML or a link.
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<#~]/g, '\\$&')
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '\\&')
    .replace(/^([-+=>])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** What the front matter of an imported document records. */
export interface ImportedMeta {
  title: string;
  source: string | null;
  lang: string;
  /** ISO 8601 date and time of the import. */
  imported: string;
  /** What the import left out on purpose (e.g. a Project Gutenberg licence), so nothing is dropped silently. */
  removed?: string[];
  /** What could not be read and was skipped (e.g. an EPUB chapter missing from its archive). */
  skipped?: string[];
}

/** A content/ Markdown file: YAML front matter, then one escaped block per heading or paragraph. */
export function renderContentMarkdown(meta: ImportedMeta, blocks: readonly Block[]): string {
  const front: Record<string, unknown> = { title: meta.title };
  if (meta.source) front.source = meta.source;
  front.lang = meta.lang;
  front.imported = meta.imported;
  if (meta.removed && meta.removed.length > 0) front.removed = meta.removed;
  if (meta.skipped && meta.skipped.length > 0) front.skipped = meta.skipped;
  const out: string[] = ['---', YAML.stringify(front, { lineWidth: 0 }).trimEnd(), '---', ''];
  for (const block of blocks) {
    const text = escapeMarkdownText(block.text);
    out.push(block.kind === 'heading' ? `${'#'.repeat(Math.min(6, Math.max(1, block.level ?? 1)))} ${text}` : text, '');
  }
  return out.join('\n');
}
