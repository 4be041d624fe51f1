import { findContentFile, isValidSlug, listContentFiles, loadContent, type SourceDocument } from '../content';
import { normalizeSentenceKey } from '../text/normalize';
import type { DocumentView, LibraryEntry, ParagraphView, TranslationSummary, UseCaseError } from './types';

/** What the document use cases read besides content/: the cache of machine translations and live jobs. */
export interface DocumentDeps {
  contentDir: string;
  modelId: string;
  testModel: boolean;
  /** Stored machine translations of the given sentence keys for a model. */
  lookup(modelId: string, sentenceKeys: string[]): Promise<Map<string, string>>;
  /** The live or last job of a document, if any. */
  jobStatus?(slug: string): Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'> | null;
}

function keysOf(doc: SourceDocument): string[] {
  const keys = new Set<string>();
  for (const p of doc.paragraphs) for (const s of p.sentences) keys.add(normalizeSentenceKey(s));
  return [...keys];
}

/** Joins each paragraph with its stored machine translation (complete paragraphs only) and sums up progress. */
export async function attachTranslations(
  deps: DocumentDeps,
  doc: SourceDocument,
): Promise<{ paragraphs: ParagraphView[]; summary: TranslationSummary }> {
  const stored = await deps.lookup(deps.modelId, keysOf(doc));
  let done = 0;
  const paragraphs = doc.paragraphs.map((p): ParagraphView => {
    const targets = p.sentences.map((s) => stored.get(normalizeSentenceKey(s)));
    const complete = targets.length > 0 && targets.every((t): t is string => t !== undefined);
    if (complete) done += 1;
    return {
      index: p.index,
      kind: p.kind,
      ...(p.level !== undefined ? { level: p.level } : {}),
      source: p.text,
      sentences: p.sentences,
      target: complete
        ? {
            text: targets.join(' ').trim(),
            sentences: targets,
            origin: 'machine',
            status: 'machine',
            modelId: deps.modelId,
            testModel: deps.testModel,
            // Machine translation is sentence by sentence, so its links are 1:1 and certain.
            alignment: targets.map((_, i) => ({ source: [i], target: [i], confidence: 1 })),
          }
        : null,
    };
  });
  const total = doc.paragraphs.length;
  const live = deps.jobStatus?.(doc.slug) ?? null;
  let status: TranslationSummary['status'] = done === 0 ? 'none' : done === total ? 'complete' : 'partial';
  if (live && live.status === 'running') status = 'running';
  else if (live && (live.status === 'failed' || live.status === 'cancelled') && done < total) status = live.status;
  const summary: TranslationSummary = { modelId: deps.modelId, testModel: deps.testModel, status, done, total };
  if (live?.error && status === 'failed') summary.error = live.error;
  return { paragraphs, summary };
}

/** Opens a document by slug: its paragraphs, sentences and whatever translation is stored. */
export async function openDocument(
  deps: DocumentDeps,
  slug: string,
): Promise<{ ok: true; document: DocumentView } | UseCaseError> {
  const loaded = await loadSourceDocument(deps.contentDir, slug);
  if (!loaded.ok) return loaded;
  const doc = loaded.document;
  const { paragraphs, summary } = await attachTranslations(deps, doc);
  return {
    ok: true,
    document: {
      slug: doc.slug,
      title: doc.title,
      source: doc.source,
      fileName: doc.fileName,
      sourceLang: doc.sourceLang,
      targetLang: 'en',
      words: doc.words,
      paragraphs,
      translation: summary,
    },
  };
}

/** Loads and segments the source of a slug; a slug that is malformed or leads outside content/ is "not found". */
export async function loadSourceDocument(
  contentDir: string,
  slug: string,
): Promise<{ ok: true; document: SourceDocument } | UseCaseError> {
  if (!isValidSlug(slug))
    return { ok: false, code: 'not_found', message: `No document "${slug.slice(0, 80)}" in the library.` };
  const found = await findContentFile(contentDir, slug);
  if (!found || 'code' in found) {
    if (found && found.code !== 'outside_content') {
      return {
        ok: false,
        code: found.code === 'too_large' ? 'too_large' : 'unprocessable',
        message: found.message,
        problem: found,
      };
    }
    return { ok: false, code: 'not_found', message: `No document "${slug}" in the library.` };
  }
  const parsed = await loadContent(found);
  if (!parsed.ok) return { ok: false, code: 'unprocessable', message: parsed.problem.message, problem: parsed.problem };
  return { ok: true, document: parsed.document };
}

/** Lists every document of content/ with its size and translation progress; broken files become error entries. */
export async function listDocuments(deps: DocumentDeps): Promise<LibraryEntry[]> {
  const { files, problems } = await listContentFiles(deps.contentDir);
  const entries: LibraryEntry[] = [];
  for (const file of files) {
    const parsed = await loadContent(file);
    if (!parsed.ok) {
      entries.push({ ok: false, ...parsed.problem });
      continue;
    }
    const doc = parsed.document;
    const { summary } = await attachTranslations(deps, doc);
    entries.push({
      ok: true,
      slug: doc.slug,
      title: doc.title,
      fileName: doc.fileName,
      source: doc.source,
      words: doc.words,
      paragraphs: doc.paragraphs.length,
      translation: summary,
    });
  }
  for (const p of problems) entries.push({ ok: false, ...p });
  return entries;
}
