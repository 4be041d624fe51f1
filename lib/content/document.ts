import YAML from 'yaml';
import { countWords, parseMarkdown, splitPlainText, splitSentences, type Block } from '../text';
import { cleanLine } from '../exchange/clean-text';
import { decodeText } from './decode-text';
import { describeNesting, findDeepNesting } from './markdown-nesting';
import { normalizeText } from '../text/normalize';
import type { ContentProblem } from './files';
import type { ContentEntry } from './source';

/** What parsing needs to know of a document besides its bytes. */
export type ParseTarget = Pick<ContentEntry, 'slug' | 'fileName' | 'format'>;

/** One paragraph (or heading) of a source document, cut into sentences. */
export interface SourceParagraph {
  index: number;
  kind: Block['kind'];
  level?: number;
  text: string;
  sentences: string[];
}

/** A content file parsed into paragraphs and sentences. */
export interface SourceDocument {
  slug: string;
  fileName: string;
  title: string;
  source: string | null;
  sourceLang: string;
  words: number;
  paragraphs: SourceParagraph[];
}

export type ParseResult = { ok: true; document: SourceDocument } | { ok: false; problem: ContentProblem };

/** The problem entry of a document, its message led by the file name. */
export function contentProblem(
  file: Pick<ContentEntry, 'slug' | 'fileName'>,
  code: ContentProblem['code'],
  message: string,
  params: ContentProblem['params'] = {},
): ContentProblem {
  return { fileName: file.fileName, slug: file.slug, code, message: `${file.fileName}: ${message}`, params };
}

/** A failed parse of a content file, with its problem entry. */
export function problem(
  file: Pick<ContentEntry, 'slug' | 'fileName'>,
  code: ContentProblem['code'],
  message: string,
  params: ContentProblem['params'] = {},
): ParseResult {
  return { ok: false, problem: contentProblem(file, code, message, params) };
}

function titleFromFileName(fileName: string): string {
  const base = cleanLine(fileName.replace(/\.(md|txt)$/i, '').replace(/[-_]+/g, ' '));
  return base.charAt(0).toUpperCase() + base.slice(1);
}

interface FrontMatter {
  title?: string;
  source?: string;
  lang?: string;
}

function readFrontMatter(raw: string | null): FrontMatter | string {
  if (raw === null) return {};
  let value: unknown;
  try {
    value = YAML.parse(raw);
  } catch (err) {
    return (err as Error).message.split('\n')[0] ?? 'invalid YAML';
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return 'the front matter must be a list of "key: value" lines';
  const record = value as Record<string, unknown>;
  const out: FrontMatter = {};
  for (const key of ['title', 'source', 'lang'] as const) {
    const v = record[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number') return `"${key}" must be text`;
    // Shown in the library and the reader: no lone surrogates (they break hydration), controls or bidi overrides.
    out[key] = cleanLine(String(v));
  }
  if (out.lang !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(out.lang)) return `"lang" must be a language code such as es`;
  return out;
}

/** Parses a content file's bytes into a document (pure: no file access). */
export function parseContent(file: ParseTarget, bytes: Uint8Array): ParseResult {
  const decoded = decodeText(bytes);
  if (!decoded.ok)
    return decoded.code === 'binary'
      ? problem(file, 'binary', `${decoded.message}.`)
      : problem(file, 'encoding', `${decoded.message}.`, { line: decoded.line });
  const text = normalizeText(decoded.text);
  let blocks: Block[];
  let meta: FrontMatter = {};
  if (file.format === 'markdown') {
    const deep = findDeepNesting(text);
    if (deep) return problem(file, 'too_deep', `${describeNesting(deep)}.`, { line: deep.line, limit: deep.limit });
    let parsed: ReturnType<typeof parseMarkdown>;
    try {
      parsed = parseMarkdown(text);
    } catch (err) {
      // A parser's stack overflow on a shape the bound above does not catch: this file's problem, nobody else's.
      if (!(err instanceof RangeError)) throw err;
      return problem(file, 'too_deep', 'it nests too deeply to be read; flatten its quotes or lists.', { line: 0, limit: 0 });
    }
    const fm = readFrontMatter(parsed.frontMatter);
    if (typeof fm === 'string') return problem(file, 'front_matter', `the front matter is not valid: ${fm}.`, { detail: fm });
    meta = fm;
    blocks = parsed.blocks;
  } else {
    blocks = splitPlainText(text, { headings: true });
  }
  if (blocks.length === 0) return problem(file, 'empty', 'the document has no text.');
  const firstHeading = blocks.find((b) => b.kind === 'heading');
  const paragraphs: SourceParagraph[] = blocks.map((block, index) => ({
    index,
    kind: block.kind,
    ...(block.level !== undefined ? { level: block.level } : {}),
    text: block.text,
    sentences: block.kind === 'heading' ? [block.text] : splitSentences(block.text),
  }));
  return {
    ok: true,
    document: {
      slug: file.slug,
      fileName: file.fileName,
      title: meta.title || firstHeading?.text || titleFromFileName(file.fileName),
      source: meta.source || null,
      sourceLang: meta.lang || 'es',
      words: paragraphs.reduce((n, p) => n + countWords(p.text), 0),
      paragraphs,
    },
  };
}
