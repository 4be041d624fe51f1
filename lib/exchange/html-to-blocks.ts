import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block } from '../text';
import { collapseSpaces } from '../text/normalize';

/** Never text: code, styles, embedded objects and form controls are dropped with everything inside them. */
export const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'video',
  'audio',
  'head',
  'title',
  'meta',
  'link',
  'base',
  'button',
  'select',
  'input',
  'textarea',
  'option',
  'img',
  'picture',
  'map',
]);
// Page furniture: navigation, banners, sidebars, footers, forms.
const FURNITURE =
  'nav, header, footer, aside, form, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [aria-hidden="true"]';
/** Elements that start and end a block of text. */
export const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'header',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

// eslint-disable-next-line no-control-regex -- control characters are removed from imported text
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu;

/** Text as a block holds it: controls removed, runs of spaces and line breaks collapsed, trimmed. */
export function tidyText(text: string): string {
  return collapseSpaces(text.replace(CONTROLS, '')).trim();
}

interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  localName?: string;
}

/** Headings and paragraphs of plain text from a DOM subtree; markup, links' targets and media are left out. */
function collect(root: DomNode): Block[] {
  const blocks: Block[] = [];
  let buffer = '';
  const flush = () => {
    const text = tidyText(buffer);
    if (text) blocks.push({ kind: 'paragraph', text });
    buffer = '';
  };
  const walk = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        buffer += child.textContent ?? '';
        continue;
      }
      if (child.nodeType !== 1) continue;
      const tag = (child.localName ?? '').toLowerCase();
      if (DROP.has(tag)) continue;
      if (tag === 'br') {
        buffer += ' ';
        continue;
      }
      const heading = /^h([1-6])$/.exec(tag);
      if (heading) {
        flush();
        walk(child);
        const text = tidyText(buffer);
        buffer = '';
        if (text) blocks.push({ kind: 'heading', text, level: Number(heading[1]) });
        continue;
      }
      if (BLOCK.has(tag)) {
        flush();
        walk(child);
        flush();
      } else walk(child);
    }
  };
  walk(root);
  flush();
  return blocks;
}

/**
 * HTML to heading and paragraph blocks. With `mainContent`, Readability picks the article (no navigation, ads or
 * footers); if it finds none, the body without its page furniture is used. Returns the first <h1> and the <title>
 * for title detection.
 */
export function htmlToBlocks(
  html: string,
  options: { mainContent: boolean },
): { blocks: Block[]; heading: string | null; title: string | null } {
  const { document } = parseHTML(html.includes('<html') ? html : `<!DOCTYPE html><html><body>${html}</body></html>`);
  const title = tidyText(document.querySelector('title')?.textContent ?? '') || null;
  const h1 = tidyText(document.querySelector('h1')?.textContent ?? '') || null;
  for (const el of Array.from(document.querySelectorAll('script, style, noscript, template'))) el.remove();
  // Navigation, page headers, sidebars and footers are never the text, even where Readability would keep them (a
  // short page); an <article>'s own <header> holds its title and stays.
  if (options.mainContent)
    for (const el of Array.from(document.querySelectorAll(FURNITURE)))
      if (!(el.localName === 'header' && el.closest('article, main'))) el.remove();
  let blocks: Block[] = [];
  if (options.mainContent) {
    try {
      const article = new Readability(document.cloneNode(true) as unknown as Document, { keepClasses: false }).parse();
      if (article?.content) {
        const { document: main } = parseHTML(`<!DOCTYPE html><html><body>${article.content}</body></html>`);
        blocks = collect(main.body as unknown as DomNode);
      }
    } catch {
      // Readability gives up on some markup; the body without its furniture is still the best guess.
      blocks = [];
    }
  }
  if (blocks.length === 0 && document.body) blocks = collect(document.body as unknown as DomNode);
  // Readability demotes the article's <h1> to <h2>; give the first heading back its level when it is that title.
  const first = blocks[0];
  if (first?.kind === 'heading' && h1 !== null && first.text === h1) first.level = 1;
  return { blocks, heading: h1, title };
}
