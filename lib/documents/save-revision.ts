// Over 300 lines: save, revert and history share the checks of one paragraph's revision chain (the version it was
// based on, the source it translates, idempotent save ids).
/**
 * The editor's use cases: save a paragraph's English, revert it to an earlier revision, list its history. Results
 * are typed values (like Pontoon's saved / same / failed checks), in the store's words (saved / unchanged /
 * replayed): the route handlers only map them to HTTP.
 */
import type { SourceDocument, SourceParagraph } from '../content';
import type {
  AppendRevisionResult,
  MemoryEntry,
  NewRevision,
  RevisionAppend,
  RevisionRecord,
  RevisionStatusValue,
} from '../store/types';
import { normalizeSentenceKey } from '../text/normalize';
import { splitSentences } from '../text/sentences';
import {
  loadSourceDocument,
  machineSentencesOf,
  viewParagraphs,
  type DocumentDeps,
  type RevisionStore,
} from './open-document';
import { joinSentences } from '../text/join-sentences';
import { paragraphKeyOf, revisionView, sourceHashOf } from './paragraph-view';
import { maxTextLengthFor, type SaveFields } from './save-input';
import type { ParagraphView, RevisionView } from './types';

/** The document dependencies plus the store of revisions, which editing cannot do without. */
export type EditDeps = DocumentDeps & { revisions: RevisionStore; now?: () => number };

/** Where a save goes and which version it was made from (null: no revision yet; 'absent': no If-Match sent). */
export interface ParagraphTarget {
  slug: string;
  index: number;
  baseVersion: number | null | 'absent';
}

export type EditFailure =
  | { ok: false; code: 'not_found' | 'unprocessable' | 'too_large'; message: string }
  /** This clientSaveId was already used for this paragraph with another text or status: nothing was written. */
  | { ok: false; code: 'save_id_reused'; message: string }
  | { ok: false; code: 'precondition_required'; message: string }
  | {
      ok: false;
      code: 'conflict';
      message: string;
      /** The paragraph as it is now, so the client can show both versions. */
      current: ParagraphView;
      yours: { text: string; status: RevisionStatusValue };
    };

/**
 * The store's outcomes (AppendRevisionResult), with the paragraph as it is now: saved, a new revision; unchanged,
 * identical to the latest revision, nothing written; replayed, this clientSaveId was already saved for the
 * paragraph, and that revision is returned (a retry or a double submit).
 */
export type SaveResult =
  | {
      ok: true;
      kind: Extract<AppendRevisionResult, { ok: true }>['kind'];
      revision: RevisionView;
      paragraph: ParagraphView;
    }
  | EditFailure;

type Located =
  | { ok: true; doc: SourceDocument; paragraph: SourceParagraph }
  | Extract<EditFailure, { code: 'not_found' | 'unprocessable' | 'too_large' }>;

async function locate(deps: DocumentDeps, slug: string, index: number): Promise<Located> {
  const loaded = await loadSourceDocument(deps.content, slug);
  if (!loaded.ok) {
    const code = loaded.code === 'invalid_slug' ? 'not_found' : loaded.code;
    return { ok: false, code, message: loaded.message };
  }
  const paragraph = loaded.document.paragraphs[index];
  if (!paragraph) {
    const count = loaded.document.paragraphs.length;
    return {
      ok: false,
      code: 'not_found',
      message: `"${slug}" has ${count} paragraphs (0 to ${count - 1}); there is no paragraph ${index}.`,
    };
  }
  return { ok: true, doc: loaded.document, paragraph };
}

async function latestOf(deps: EditDeps, slug: string, index: number): Promise<RevisionRecord | null> {
  return (await deps.revisions.listRevisions(slug, index, { limit: 1 }))[0] ?? null;
}

async function viewOf(deps: EditDeps, slug: string, paragraph: SourceParagraph): Promise<ParagraphView> {
  const latest = await latestOf(deps, slug, paragraph.index);
  const { views } = await viewParagraphs(deps, [paragraph], latest ? new Map([[paragraph.index, latest]]) : new Map());
  return views[0]!;
}

/** The current view of one paragraph (what GET .../paragraphs/:index answers). */
export async function openParagraph(
  deps: EditDeps,
  slug: string,
  index: number,
): Promise<
  { ok: true; paragraph: ParagraphView } | Extract<EditFailure, { code: 'not_found' | 'unprocessable' | 'too_large' }>
> {
  const found = await locate(deps, slug, index);
  if (!found.ok) return found;
  return { ok: true, paragraph: await viewOf(deps, slug, found.paragraph) };
}

/**
 * The translation-memory pairs a saved text yields: the whole paragraph, and each sentence when the text splits
 * into as many sentences as the source (then they most likely correspond one to one).
 */
export function memoryEntriesOf(paragraph: SourceParagraph, text: string): MemoryEntry[] {
  if (text.trim() === '') return [];
  const entries = new Map<string, MemoryEntry>();
  entries.set(`p\u0000${paragraphKeyOf(paragraph.text)}`, {
    level: 'paragraph',
    sourceKey: paragraphKeyOf(paragraph.text),
    target: text,
  });
  const targets = splitSentences(text);
  if (targets.length === paragraph.sentences.length) {
    paragraph.sentences.forEach((s, i) => {
      const sourceKey = normalizeSentenceKey(s);
      // A sentence repeated within the paragraph keeps its last translation, as the store would.
      entries.set(`s\u0000${sourceKey}`, { level: 'sentence', sourceKey, target: targets[i]! });
    });
  }
  return [...entries.values()];
}

/** What the caller of a write decides about a new revision. */
export interface RevisionFields {
  text: string;
  status: RevisionStatusValue;
  author: string | null;
  clientSaveId: string;
  kind: RevisionRecord['kind'];
}

/** What a revision records besides its text: the source it was made against, the machine text then, memory pairs. */
export function newRevisionOf(
  deps: Pick<EditDeps, 'modelId' | 'now'>,
  slug: string,
  paragraph: SourceParagraph,
  machine: string[] | null,
  fields: RevisionFields & { baseRevisionId: number | null },
): NewRevision {
  return {
    slug,
    paragraphIndex: paragraph.index,
    text: fields.text,
    status: fields.status,
    author: fields.author,
    createdAt: (deps.now ?? Date.now)(),
    baseRevisionId: fields.baseRevisionId,
    kind: fields.kind,
    sourceText: paragraph.text,
    sourceHash: sourceHashOf(paragraph.text),
    machineText: machine ? joinSentences(machine) : null,
    modelId: deps.modelId,
    clientSaveId: fields.clientSaveId,
    memory: memoryEntriesOf(paragraph, fields.text),
  };
}

function preconditionRequired(): EditFailure {
  return {
    ok: false,
    code: 'precondition_required',
    message:
      'Send the version you edited in an If-Match header (the paragraph\'s "version"; "0" before the first save).',
  };
}

/** One paragraph's part of a write: where it goes, from which version, and what it says. */
export interface ParagraphWrite {
  target: ParagraphTarget;
  fields: RevisionFields;
}

/**
 * Appends revisions of one or more paragraphs as one change, each through its If-Match check: all are written, or
 * none (an alignment fix must never leave one paragraph rewritten and the other not). On a conflict, the paragraph
 * that conflicted is returned as it is now.
 */
export async function appendParagraphRevisions(
  deps: EditDeps,
  writes: readonly ParagraphWrite[],
): Promise<{ ok: true; results: Extract<SaveResult, { ok: true }>[] } | EditFailure> {
  const paragraphs: SourceParagraph[] = [];
  const items: RevisionAppend[] = [];
  for (const { target, fields } of writes) {
    // An unknown paragraph is 404 whatever the headers; only then does a missing If-Match matter.
    const found = await locate(deps, target.slug, target.index);
    if (!found.ok) return found;
    if (target.baseVersion === 'absent') return preconditionRequired();
    // No revision, whatever made it (a save, a revert, an alignment fix), is longer than its paragraph allows.
    const max = maxTextLengthFor(found.paragraph.text.length);
    if (fields.text.length > max) {
      return {
        ok: false,
        code: 'too_large',
        message:
          `The English of paragraph ${target.index} is ${fields.text.length} characters long; this paragraph's may ` +
          `have at most ${max} (20,000, or twice its Spanish). Shorten it, or split the Spanish paragraph.`,
      };
    }
    const stored = await deps.lookup(deps.modelId, found.paragraph.sentences.map(normalizeSentenceKey));
    const machine = machineSentencesOf(found.paragraph, stored);
    paragraphs.push(found.paragraph);
    items.push({
      revision: newRevisionOf(deps, target.slug, found.paragraph, machine, {
        ...fields,
        baseRevisionId: target.baseVersion,
      }),
      expectedBaseId: target.baseVersion,
    });
  }
  const result = await deps.revisions.appendRevisions(items);
  if (!result.ok) {
    const { target, fields } = writes[result.at]!;
    const current = await viewOf(deps, target.slug, paragraphs[result.at]!);
    return {
      ok: false,
      code: 'conflict',
      message:
        `Paragraph ${target.index} of "${target.slug}" was saved by someone else (version ${current.version}) ` +
        `since you opened version ${target.baseVersion ?? 0}. Nothing was saved: compare, then save again.`,
      current,
      yours: { text: fields.text, status: fields.status },
    };
  }
  // A replay must be the same save again; the same id with another text would otherwise drop that text silently.
  const reused = result.results.findIndex(
    (r, i) =>
      r.kind === 'replayed' &&
      (r.revision.text !== writes[i]!.fields.text || r.revision.status !== writes[i]!.fields.status),
  );
  if (reused >= 0) {
    const { target, fields } = writes[reused]!;
    return {
      ok: false,
      code: 'save_id_reused',
      message:
        `The save id "${fields.clientSaveId}" was already used for paragraph ${target.index} of "${target.slug}" ` +
        'with another text. Nothing was saved: send this save again with a new clientSaveId.',
    };
  }
  const results = await Promise.all(
    result.results.map(async (r, i) => ({
      ok: true as const,
      kind: r.kind,
      revision: revisionView(r.revision),
      paragraph: await viewOf(deps, writes[i]!.target.slug, paragraphs[i]!),
    })),
  );
  return { ok: true, results };
}

/** Appends one revision of any kind through the If-Match check (saves, reverts). */
export async function appendParagraphRevision(
  deps: EditDeps,
  target: ParagraphTarget,
  fields: RevisionFields,
): Promise<SaveResult> {
  const result = await appendParagraphRevisions(deps, [{ target, fields }]);
  return result.ok ? result.results[0]! : result;
}

/** Saves a paragraph's English as a new revision if `target.baseVersion` is still its latest. */
export function saveParagraph(
  deps: EditDeps,
  target: ParagraphTarget,
  fields: SaveFields & { author: string | null },
): Promise<SaveResult> {
  return appendParagraphRevision(deps, target, fields);
}

/** Restores the text and status of an earlier revision of the paragraph, as a new revision of kind 'revert'. */
export async function revertParagraph(
  deps: EditDeps,
  target: ParagraphTarget,
  fields: { revisionId: number; author: string | null; clientSaveId: string },
): Promise<SaveResult> {
  const found = await locate(deps, target.slug, target.index);
  if (!found.ok) return found;
  if (target.baseVersion === 'absent') return preconditionRequired();
  const old = await deps.revisions.getRevision(target.slug, target.index, fields.revisionId);
  if (!old) {
    return {
      ok: false,
      code: 'not_found',
      message: `Paragraph ${target.index} of "${target.slug}" has no revision ${fields.revisionId}.`,
    };
  }
  return appendParagraphRevision(deps, target, {
    text: old.text,
    status: old.status,
    author: fields.author,
    clientSaveId: fields.clientSaveId,
    kind: 'revert',
  });
}

/** A paragraph's revisions, newest first (bounded; `beforeId` pages further back). */
export async function listParagraphRevisions(
  deps: EditDeps,
  slug: string,
  index: number,
  options: { limit: number; beforeId?: number },
): Promise<
  { ok: true; revisions: RevisionView[] } | Extract<EditFailure, { code: 'not_found' | 'unprocessable' | 'too_large' }>
> {
  const found = await locate(deps, slug, index);
  if (!found.ok) return found;
  const revisions = await deps.revisions.listRevisions(slug, index, options);
  return { ok: true, revisions: revisions.map(revisionView) };
}
