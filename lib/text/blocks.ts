import type { Nodes, Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { collapseSpaces, isBlankLine, normalizeText } from './normalize';

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

function tidy(text: string): string {
  return collapseSpaces(text).trim();
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

/** How plain text is read. */
export interface PlainTextOptions {
  /**
   * Recognize headings by the conventions of plain-text books (Project Gutenberg and the like): "Capítulo II. Que
   * trata de …", "PRÓLOGO", a short line set off by two blank lines. Off: every block is a paragraph.
   */
  headings?: boolean;
}

// A chapter or part heading: the word, then a number, a Roman numeral or an ordinal ("Capítulo primero", "Libro II").
const DIVISION =
  /^(?:cap[ií]tulo|chapter|libro|book|parte|part|tomo|volumen|acto|act|escena|scene|canto|jornada|tratado|secci[oó]n)\s+(?:\d+|[ivxlcdm]+\b|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|s[eé]ptim[oa]|octav[oa]|noven[oa]|d[eé]cim[oa]|[uú]ltim[oa]|[uú]nic[oa]|preliminar|first|second|third|one|two|three)/iu;
// Front and back matter that stands alone on its line.
const SECTION =
  /^(?:pr[oó]logo|prefacio|ep[ií]logo|introducci[oó]n|dedicatoria|[ií]ndice|ap[eé]ndice|notas?|pre[aá]mbulo|advertencia|preface|prologue|epilogue|introduction|contents)\b/iu;
// Ends like a sentence (allowed on a short chapter heading: "Capítulo II.").
const SENTENCE_END = /[.!?…;:,]["'»”’)\]]*$/u;
const wordsIn = (text: string) => text.split(' ').filter(Boolean).length;

/** Whether a block of plain text reads as a heading (see PlainTextOptions.headings). */
function looksLikeHeading(text: string, lines: number, blankLinesBefore: number, first: boolean): boolean {
  const words = wordsIn(text);
  const endsSentence = SENTENCE_END.test(text);
  if (DIVISION.test(text)) return words <= 45 && !(endsSentence && words > 4);
  if (lines > 1 || endsSentence || words > 12 || !/\p{L}/u.test(text)) return false;
  if (SECTION.test(text) && words <= 6) return true;
  // A line in capitals: "TASA", "EL INGENIOSO HIDALGO".
  if (words <= 10 && /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text)) return true;
  // Set off by two or more blank lines, as plain-text books do, or the first line of the text (its title).
  return blankLinesBefore >= 2 || first;
}

/** Plain text to paragraph blocks: blank lines separate paragraphs, hard-wrapped lines are joined with a space. */
export function splitPlainText(text: string, options: PlainTextOptions = {}): Block[] {
  // U+2029 and U+2028 are Unicode's own paragraph and line separators; map them onto blank lines and line breaks.
  const lines = normalizeText(text)
    .replace(/\u2029/gu, '\n\n')
    .split(/[\n\u2028\u0085]/u);
  const blocks: Block[] = [];
  const shape: { lines: number; blankBefore: number }[] = [];
  let current: string[] = [];
  let blanks = 0;
  const flush = (): void => {
    const paragraph = tidy(current.join(' '));
    if (paragraph) {
      blocks.push({ kind: 'paragraph', text: paragraph });
      shape.push({ lines: current.length, blankBefore: blanks });
      blanks = 0;
    }
    current = [];
  };
  for (const line of lines) {
    if (isBlankLine(line)) {
      flush();
      blanks += 1;
    } else current.push(line);
  }
  flush();
  if (options.headings && blocks.length > 1) {
    blocks.forEach((block, i) => {
      const { lines: count, blankBefore } = shape[i]!;
      if (looksLikeHeading(block.text, count, blankBefore, i === 0)) {
        block.kind = 'heading';
        block.level = 2;
      }
    });
  }
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
