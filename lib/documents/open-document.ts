// Over 300 lines: opening a document (load, list, views of a range, summaries) shares the slicing and the caches of
// one parsed version; moving the summaries into a file of their own is the next step.
import { setTimeout as delay, setImmediate as nextTurn } from 'node:timers/promises';
import {
  isContentEntry,
  isValidSlug,
  loadDocument,
  type ContentSource,
  type SourceDocument,
  type SourceParagraph,
} from '../content';
import type { MachineScore, MemoryMatches, RevisionRecord, Store } from '../store/types';
import { attachFlags, documentFlags, type ConfidenceSummary } from './confidence-flags';
import { paragraphKeyOfParagraph, sentenceKeysOf, sourceHashOfParagraph } from './paragraph-keys';
import { buildParagraphView } from './paragraph-view';
import { pageOfRanges, summarizeReview, type RangesPage, type ReviewSummary } from './review';
import type { DocumentView, LibraryEntry, ParagraphView, TranslationSummary, UseCaseError } from './types';

/** The part of the Store the editor uses: revisions and translation memory. */
export type RevisionStore = Pick<
  Store,
  'appendRevision' | 'appendRevisions' | 'latestRevisions' | 'listRevisions' | 'getRevision' | 'lookupMemory'
>;

/** What the document use cases read: the documents, the cache of machine translations and live jobs. */
export interface DocumentDeps {
  /** Where the documents live: content/ (the folder source) or the team server's database. */
  content: ContentSource;
  modelId: string;
  testModel: boolean;
  /** Stored machine translations of the given sentence keys for a model. */
  lookup(modelId: string, sentenceKeys: string[]): Promise<Map<string, string>>;
  /** Scores of the stored machine translations (the "check this sentence" flags); without it, no flags. */
  scores?(modelId: string, sentenceKeys: string[]): Promise<Map<string, MachineScore>>;
  /**
   * The store behind `lookup`, when there is one: it never removes a machine translation, so a paragraph found
   * complete there stays complete, and summaries of the same parse look up only the others.
   */
  machineScope?: object;
  /** The live or last job of a document, if any. */
  jobStatus?(slug: string): Pick<TranslationSummary, 'status' | 'done' | 'total' | 'error'> | null;
  /** Revisions and translation memory; without it every paragraph shows machine output (library counts, tests). */
  revisions?: RevisionStore;
  /**
   * How long the library waits for one document's parse before listing it as still being read (a server answering
   * many people: 1 s); without it, as long as the parse takes (the CLI's status).
   */
  listWaitMs?: number;
}

/** The distinct sentence keys of some paragraphs (each paragraph's are worked out once per parse). */
function keysOf(paragraphs: readonly SourceParagraph[]): string[] {
  const keys = new Set<string>();
  for (const p of paragraphs) for (const k of sentenceKeysOf(p)) keys.add(k);
  return [...keys];
}

/**
 * Paragraphs whose views are built (or whose machine translations are counted) in one go before the server's thread
 * turns to other requests: a whole book at once held it for seconds (Don Quijote, 5,392 paragraphs, 4.7 s under
 * load), a slice of this many takes a few ms.
 */
const SLICE = 200;

/** `paragraphs` in slices of SLICE, with a turn of the event loop between two. */
async function* slices<T>(paragraphs: readonly T[]): AsyncGenerator<readonly T[]> {
  for (let at = 0; at < paragraphs.length; at += SLICE) {
    if (at > 0) await nextTurn();
    yield paragraphs.slice(at, at + SLICE);
  }
}

const NO_MEMORY: MemoryMatches = { paragraphs: new Map(), sentences: new Map() };

/** A paragraph's machine sentences under the configured model, or null unless every sentence is translated. */
export function machineSentencesOf(p: SourceParagraph, stored: Map<string, string>): string[] | null {
  const targets = sentenceKeysOf(p).map((k) => stored.get(k));
  return targets.length > 0 && targets.every((t): t is string => t !== undefined) ? targets : null;
}

/**
 * Views of some paragraphs of a document, built a slice at a time (other requests are answered between two).
 * `latest` holds the latest revision of those that have one; translation memory is consulted only for the
 * paragraphs without.
 */
export async function viewParagraphs(
  deps: DocumentDeps,
  paragraphs: readonly SourceParagraph[],
  latest: Map<number, RevisionRecord>,
): Promise<{ views: ParagraphView[]; machineComplete: number }> {
  const views: ParagraphView[] = [];
  let machineComplete = 0;
  for await (const slice of slices(paragraphs)) {
    const stored = await deps.lookup(deps.modelId, keysOf(slice));
    const unrevised = slice.filter((p) => !latest.has(p.index));
    const memory =
      deps.revisions && unrevised.length > 0
        ? await deps.revisions.lookupMemory(unrevised.map(paragraphKeyOfParagraph), keysOf(unrevised))
        : NO_MEMORY;
    for (const p of slice) {
      const machine = machineSentencesOf(p, stored);
      if (machine) machineComplete += 1;
      views.push(
        buildParagraphView(p, {
          modelId: deps.modelId,
          testModel: deps.testModel,
          machine,
          revision: latest.get(p.index) ?? null,
          memory,
        }),
      );
    }
  }
  return { views, machineComplete };
}

/** Paragraph indices to build views for (inclusive); the reader asks for one page of a book. */
export interface ParagraphRange {
  from: number;
  to: number;
}

/** One page of the paragraphs left to review (not approved against the current source), found in the same pass. */
export interface ToReviewPage {
  toReview: { pageSize: number; page?: number; at?: number };
}

/** Given paragraphs, by index (a page of paragraphs to review, whose event stream asks for just those). */
export interface ParagraphIndices {
  indices: readonly number[];
}

export type ParagraphSelection = ParagraphRange | ToReviewPage | ParagraphIndices;

/** Machine translation progress of a whole document: complete paragraphs only, merged with its live job. */
export async function summarizeTranslation(deps: DocumentDeps, doc: SourceDocument): Promise<TranslationSummary> {
  const known = knownComplete(deps, doc);
  const unknown = known ? doc.paragraphs.filter((p) => !known.has(p.index)) : doc.paragraphs;
  let done = doc.paragraphs.length - unknown.length;
  for await (const slice of slices(unknown)) {
    const stored = await deps.lookup(deps.modelId, keysOf(slice));
    for (const p of slice) {
      if (machineSentencesOf(p, stored) === null) continue;
      done += 1;
      known?.add(p.index);
    }
  }
  return summaryOf(deps, doc, done);
}

// Per parse, per store and per model: the paragraphs found with every sentence machine-translated. Listing the
// library summed every book's machine translation on each request (Don Quijote: 10,561 keys, about half a second
// here); once a book is translated its summary looks up nothing.
const complete = new WeakMap<SourceDocument, WeakMap<object, Map<string, Set<number>>>>();

function knownComplete(deps: DocumentDeps, doc: SourceDocument): Set<number> | null {
  if (!deps.machineScope) return null;
  let byScope = complete.get(doc);
  if (!byScope) complete.set(doc, (byScope = new WeakMap()));
  let byModel = byScope.get(deps.machineScope);
  if (!byModel) byScope.set(deps.machineScope, (byModel = new Map()));
  let known = byModel.get(deps.modelId);
  if (!known) byModel.set(deps.modelId, (known = new Set()));
  return known;
}

/** The translation summary of a document of which `done` paragraphs have every sentence machine-translated. */
function summaryOf(deps: DocumentDeps, doc: SourceDocument, done: number): TranslationSummary {
  const total = doc.paragraphs.length;
  const live = deps.jobStatus?.(doc.slug) ?? null;
  let status: TranslationSummary['status'] = done === 0 ? 'none' : done === total ? 'complete' : 'partial';
  if (live && live.status === 'running') status = 'running';
  else if (live && (live.status === 'failed' || live.status === 'cancelled') && done < total) status = live.status;
  const summary: TranslationSummary = { modelId: deps.modelId, testModel: deps.testModel, status, done, total };
  if (live?.error && status === 'failed') summary.error = live.error;
  return summary;
}

const recentSummaries = new WeakMap<
  SourceDocument,
  { modelId: string; at: number; summary: Promise<TranslationSummary> }
>();

/**
 * summarizeTranslation, shared by the requests that ask within `maxAgeMs` of each other: 200 readers opening their
 * event streams at once pay for one pass over a book's sentences, not 200 (each took about 70 ms of the server's
 * thread for Don Quijote). A count that is a second old is harmless where live events follow.
 */
export function recentTranslationSummary(
  deps: DocumentDeps,
  doc: SourceDocument,
  maxAgeMs = 2_000,
): Promise<TranslationSummary> {
  const now = Date.now();
  const hit = recentSummaries.get(doc);
  if (hit && hit.modelId === deps.modelId && now - hit.at <= maxAgeMs) return hit.summary;
  const summary = summarizeTranslation(deps, doc);
  recentSummaries.set(doc, { modelId: deps.modelId, at: now, summary });
  summary.catch(() => recentSummaries.delete(doc));
  return summary;
}

/** The latest revision of each paragraph of a document (none without a revision store). */
async function latestOf(deps: DocumentDeps, slug: string): Promise<Map<number, RevisionRecord>> {
  return deps.revisions ? deps.revisions.latestRevisions(slug) : new Map<number, RevisionRecord>();
}

/** Review progress of a whole document from the latest revision of each paragraph. */
export function reviewOf(doc: SourceDocument, latest: ReadonlyMap<number, RevisionRecord>): ReviewSummary {
  return summarizeReview(
    doc.paragraphs.map((p) => {
      const revision = latest.get(p.index);
      return {
        index: p.index,
        status: revision?.status ?? null,
        sourceChanged: revision !== undefined && revision.sourceHash !== sourceHashOfParagraph(p),
      };
    }),
  );
}

/**
 * Joins paragraphs with their current English (latest revision, else translation memory, else machine output) —
 * all of them, those in a range, or one page of those left to review — and sums up the whole document's machine
 * translation and review progress.
 */
export async function attachTranslations(
  deps: DocumentDeps,
  doc: SourceDocument,
  select?: ParagraphSelection,
): Promise<{
  paragraphs: ParagraphView[];
  summary: TranslationSummary;
  review: ReviewSummary;
  /** Where the page stands among the pages of paragraphs to review (a `toReview` selection only). */
  reviewPage?: Omit<RangesPage, 'indices'>;
  confidence?: ConfidenceSummary;
}> {
  const latest = await latestOf(deps, doc.slug);
  const review = reviewOf(doc, latest);
  const { wanted, reviewPage } = selectParagraphs(doc, review, select);
  if (wanted === doc.paragraphs) {
    // The whole document: its views count its machine translation as they are built, no second pass for the sum.
    const { views: paragraphs, machineComplete } = await viewParagraphs(deps, wanted, latest);
    const complete = machineComplete === doc.paragraphs.length;
    const flags = await documentFlags(deps, doc, latest, { complete });
    return {
      paragraphs: attachFlags(paragraphs, flags),
      summary: summaryOf(deps, doc, machineComplete),
      review,
      ...(reviewPage ? { reviewPage } : {}),
      ...(flags ? { confidence: flags.summary } : {}),
    };
  }
  const [{ views: paragraphs }, summary] = await Promise.all([
    viewParagraphs(deps, wanted, latest),
    summarizeTranslation(deps, doc),
  ]);
  const flags = await documentFlags(deps, doc, latest, { complete: summary.done === summary.total });
  return {
    paragraphs: attachFlags(paragraphs, flags),
    summary,
    review,
    ...(reviewPage ? { reviewPage } : {}),
    ...(flags ? { confidence: flags.summary } : {}),
  };
}

/**
 * The views of the selected paragraphs only, without the whole document's sums: what a request that wants a few
 * paragraphs needs (the event stream's first paragraphs), at the cost of those paragraphs and not of the book.
 */
export async function viewSelected(
  deps: DocumentDeps,
  doc: SourceDocument,
  select: ParagraphRange | ParagraphIndices,
): Promise<ParagraphView[]> {
  const { wanted } = selectParagraphs(doc, null, select);
  return (await viewParagraphs(deps, wanted, await latestOfSome(deps, doc.slug, wanted))).views;
}

/** Up to this many paragraphs, their latest revisions are read one by one rather than the whole document's. */
const FEW = 50;

/**
 * The latest revision of some paragraphs: a few are read by index (an event stream's ?only= page), so that opening a
 * stream on a book people have revised costs its own paragraphs, not a pass over every revision of the book.
 */
async function latestOfSome(
  deps: DocumentDeps,
  slug: string,
  wanted: readonly SourceParagraph[],
): Promise<Map<number, RevisionRecord>> {
  const revisions = deps.revisions;
  if (!revisions || wanted.length > FEW) return latestOf(deps, slug);
  const found = await Promise.all(
    wanted.map(async (p) => [p.index, (await revisions.listRevisions(slug, p.index, { limit: 1 }))[0]] as const),
  );
  return new Map(found.flatMap(([index, r]) => (r ? [[index, r] as const] : [])));
}

function selectParagraphs(
  doc: SourceDocument,
  review: ReviewSummary | null,
  select: ParagraphSelection | undefined,
): { wanted: readonly SourceParagraph[]; reviewPage?: Omit<RangesPage, 'indices'> } {
  let wanted: readonly SourceParagraph[] = doc.paragraphs;
  let reviewPage: Omit<RangesPage, 'indices'> | undefined;
  if (select && 'toReview' in select) {
    const { indices, ...page } = pageOfRanges(review?.pending ?? [], select.toReview);
    const picked = new Set(indices);
    wanted = doc.paragraphs.filter((p) => picked.has(p.index));
    reviewPage = page;
  } else if (select && 'indices' in select) {
    wanted = [...new Set(select.indices)].sort((a, b) => a - b).flatMap((i) => doc.paragraphs[i] ?? []);
  } else if (select) {
    // Paragraph i is doc.paragraphs[i]: a range is a slice, not a pass over the whole book.
    wanted = doc.paragraphs.slice(select.from, Math.min(select.to, doc.paragraphs.length - 1) + 1);
  }
  return { wanted, ...(reviewPage ? { reviewPage } : {}) };
}

/** Opens a document by slug: its paragraphs (all, or those in `range`), sentences and whatever translation is stored. */
export async function openDocument(
  deps: DocumentDeps,
  slug: string,
  select?: ParagraphSelection,
): Promise<{ ok: true; document: DocumentView; reviewPage?: Omit<RangesPage, 'indices'> } | UseCaseError> {
  const loaded = await loadSourceDocument(deps.content, slug);
  if (!loaded.ok) return loaded;
  const doc = loaded.document;
  const { paragraphs, summary, review, reviewPage, confidence } = await attachTranslations(deps, doc, select);
  const document = documentView(doc, paragraphs, summary, review);
  if (confidence) document.confidence = confidence;
  return { ok: true, document, ...(reviewPage ? { reviewPage } : {}) };
}

/** The public view of a document from its source, its paragraph views and its translation summary. */
export function documentView(
  doc: SourceDocument,
  paragraphs: ParagraphView[],
  summary: TranslationSummary,
  review: ReviewSummary,
): DocumentView {
  return {
    slug: doc.slug,
    title: doc.title,
    source: doc.source,
    fileName: doc.fileName,
    sourceLang: doc.sourceLang,
    targetLang: 'en',
    words: doc.words,
    paragraphs,
    translation: summary,
    review,
  };
}

/**
 * Loads and segments the source of a slug (parsed once per version of the document); a slug that is malformed or
 * leads outside content/ is "not found".
 */
export async function loadSourceDocument(
  content: ContentSource,
  slug: string,
): Promise<{ ok: true; document: SourceDocument } | UseCaseError> {
  if (!isValidSlug(slug))
    return { ok: false, code: 'not_found', message: `No document "${slug.slice(0, 80)}" in the library.` };
  const found = await content.find(slug);
  if (!found || !isContentEntry(found)) {
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
  const parsed = await loadDocument(content, found);
  if (!parsed.ok) return { ok: false, code: 'unprocessable', message: parsed.problem.message, problem: parsed.problem };
  return { ok: true, document: parsed.document };
}

/** A document's size, machine translation progress and review progress, without building its paragraph views. */
export interface DocumentStatus {
  slug: string;
  title: string;
  fileName: string;
  words: number;
  paragraphs: number;
  translation: TranslationSummary;
  review: ReviewSummary;
  /** The "check this sentence" flags, when the store keeps scores (`paralelo status <slug>` only). */
  confidence?: ConfidenceSummary;
}

async function statusOf(deps: DocumentDeps, doc: SourceDocument): Promise<DocumentStatus> {
  const [translation, latest] = await Promise.all([summarizeTranslation(deps, doc), latestOf(deps, doc.slug)]);
  return {
    slug: doc.slug,
    title: doc.title,
    fileName: doc.fileName,
    words: doc.words,
    paragraphs: doc.paragraphs.length,
    translation,
    review: reviewOf(doc, latest),
  };
}

/** Where one document stands (`paralelo status <slug>`). */
export async function documentStatus(
  deps: DocumentDeps,
  slug: string,
): Promise<{ ok: true; status: DocumentStatus } | UseCaseError> {
  const loaded = await loadSourceDocument(deps.content, slug);
  if (!loaded.ok) return loaded;
  const status = await statusOf(deps, loaded.document);
  const complete = status.translation.done === status.translation.total;
  const flags = await documentFlags(deps, loaded.document, await latestOf(deps, slug), { complete, memory: true });
  return { ok: true, status: flags ? { ...status, confidence: flags.summary } : status };
}

/** Lists every document of the library with its size and translation progress; broken files become error entries. */
export async function listDocuments(deps: DocumentDeps): Promise<LibraryEntry[]> {
  const { entries: files, problems } = await deps.content.list();
  const entries: LibraryEntry[] = [];
  for (const file of files) {
    // A book being parsed (just imported, or changed) is listed as such rather than holding up the whole library.
    const loading = loadDocument(deps.content, file);
    const parsed =
      deps.listWaitMs === undefined
        ? await loading
        : await Promise.race([loading, delay(deps.listWaitMs).then(() => null)]);
    if (parsed === null) {
      entries.push({
        ok: false,
        fileName: file.fileName,
        slug: file.slug,
        code: 'reading',
        message: `${file.fileName}: it is still being read; reload in a moment.`,
        params: {},
      });
      continue;
    }
    if (!parsed.ok) {
      entries.push({ ok: false, ...parsed.problem });
      continue;
    }
    const { review, ...status } = await statusOf(deps, parsed.document);
    // The library shows counts only; the runs of paragraphs to review are for one document's view.
    const { approved, edited, total } = review;
    entries.push({ ok: true, ...status, source: parsed.document.source, review: { approved, edited, total } });
  }
  for (const p of problems) entries.push({ ok: false, ...p });
  return entries;
}
