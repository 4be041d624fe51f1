import type { Nodes, Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { normalizeText } from './normalize';

/**
 * Documents cut into blocks: the unit of reading and editing is the paragraph (see DESIGN.md), so everything a
 * reader reads becomes a heading or a paragraph of plain text, and everything else is left out.
 */

export type BlockKind = 'heading' | 'paragraph';

export interface Block {
  kind: BlockKind;
  text: string;
  /** Headings only, 1-6. */
  level?: number;
}

// Spaces, tabs and line breaks collapse; no-break spaces stay because they bind "100 km" or "Sr. Pérez" on purpose.
const COLLAPSIBLE_SPACE = /[^\S\u00A0\u202F]+/gu;

function tidy(text: string): string {
  return text.replace(COLLAPSIBLE_SPACE, ' ').trim();
}

const markdownParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']);

/** The plain text a reader sees in an inline tree: link text without URLs, no images, line breaks as spaces. */
function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return ' ';
    // Images are not part of the reading text, and raw HTML is markup: neither is sent to translation.
    case 'image':
    case 'imageReference':
    case 'html':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? node.children.map((child: Nodes) => inlineText(child)).join('') : '';
  }
}

function collectBlocks(nodes: RootContent[], blocks: Block[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'heading': {
        const text = tidy(inlineText(node));
        if (text) blocks.push({ kind: 'heading', text, level: node.depth });
        break;
      }
      case 'paragraph': {
        const text = tidy(inlineText(node));
        if (text) blocks.push({ kind: 'paragraph', text });
        break;
      }
      // Each list item and each quoted paragraph is read and translated on its own.
      case 'list':
      case 'listItem':
      case 'blockquote':
        collectBlocks(node.children as RootContent[], blocks);
        break;
      // Code blocks are not prose (machine translation would mangle them) and raw HTML is markup; both are left out.
      default:
        break;
    }
  }
}

/** Markdown to front matter (raw YAML, without its --- fences) and heading/paragraph blocks of plain text. */
export function parseMarkdown(text: string): { frontMatter: string | null; blocks: Block[] } {
  const tree = markdownParser.parse(normalizeText(text)) as Root;
  let frontMatter: string | null = null;
  const first = tree.children[0];
  if (first?.type === 'yaml') frontMatter = first.value;
  const blocks: Block[] = [];
  collectBlocks(tree.children, blocks);
  return { frontMatter, blocks };
}

/** Plain text to paragraph blocks: blank lines separate paragraphs, hard-wrapped lines are joined with a space. */
export function splitPlainText(text: string): Block[] {
  // U+2029 and U+2028 are Unicode's own paragraph and line separators; map them onto blank lines and line breaks.
  const lines = normalizeText(text)
    .replace(/\u2029/gu, '\n\n')
    .split(/[\n\u2028\u0085]/u);
  const blocks: Block[] = [];
  let current: string[] = [];
  const flush = (): void => {
    const paragraph = tidy(current.join(' '));
    if (paragraph) blocks.push({ kind: 'paragraph', text: paragraph });
    current = [];
  };
  for (const line of lines) {
    if (line.replace(COLLAPSIBLE_SPACE, '') === '') flush();
    else current.push(line);
  }
  flush();
  return blocks;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’.,][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Word count as a reader expects: runs of letters, marks and digits; "15.000", "3,5" and "l'amic" are one word,
 * "Jong-un" two. A regular expression, not Intl.Segmenter: V8's segmenter slows down sharply on long texts (a book).
 */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}
