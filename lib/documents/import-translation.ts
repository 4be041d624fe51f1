/**
 * Importing a published English translation of a document: its paragraphs are aligned with the Spanish ones
 * (alignParagraphs, machine output as the bridge when there is one), merged or split paragraphs are shared out by
 * sentence (alignSentences), and every Spanish paragraph gets a new revision of kind 'import' on top of the version
 * read at the start. A paragraph saved by someone else meanwhile is a conflict: skipped and reported, never
 * overwritten.
 */
import { randomUUID } from 'node:crypto';
import { maxTextLengthFor } from './save-input';
import { cleanLine, cutText } from '../exchange/clean-text';
import { kindOfFileName } from '../exchange/import-source';
import { parseTimeoutMs, poolBusy, runHeavy, type PoolBusy } from '../heavy/pool';
import { convertImportOffThread } from './read-off-thread';
import { MAX_IMPORT_BYTES } from '../exchange/limits';
import type { RevisionRecord } from '../store/types';
import { normalizeSentenceKey } from '../text/normalize';
import { loadSourceDocument, machineSentencesOf } from './open-document';
import { joinSentences } from '../text/join-sentences';
import { versionOf } from './paragraph-view';
import { newRevisionOf, type EditDeps } from './save-revision';
import { LOW_CONFIDENCE, type AlignmentLink } from './types';

/** The English to import: a file's bytes and name (.txt or .md), or pasted text (fileName null). */
export interface TranslationImportInput {
  bytes: Uint8Array;
  fileName: string | null;
  /** Recorded as the revisions' author; defaults to "import: <file name>". */
  author?: string | null;
  /** Align and report only; nothing is written. */
  dryRun?: boolean;
  /**
   * The versions the user was looking at, by paragraph index: a paragraph whose version has moved on since is a
   * conflict. Paragraphs left out are checked against the version read when the import starts.
   */
  versions?: ReadonlyMap<number, string>;
}

/** One paragraph-level link of the import, in the document's paragraph indices and the English file's. */
export type ParagraphLink = AlignmentLink;

export interface TranslationImportReport {
  ok: true;
  dryRun: boolean;
  /** Spanish paragraphs, and English paragraphs read from the input. */
  paragraphs: number;
  englishParagraphs: number;
  /** Whether the machine translation guided the alignment (every paragraph translated by a real model). */
  bridge: boolean;
  /** Revisions written (or that would be, in a dry run), and paragraphs already holding exactly that text. */
  imported: number;
  unchanged: number;
  /** Paragraphs saved by someone else since the import read them: skipped. */
  conflicts: number[];
  /**
   * Paragraphs whose share of the English is longer than a paragraph's English may be (the editor's limit: 20,000
   * characters, or twice the Spanish): not written, since no save could then change them but to shorten them.
   */
  tooLong: number[];
  /**
   * Paragraphs the English has nothing for (a shorter translation, or one that leaves them out): not written, so
   * an import never replaces what a paragraph holds (a person's work above all) with nothing.
   */
  missing: number[];
  /** Paragraph links of the alignment, in order. */
  links: ParagraphLink[];
  /** The links below LOW_CONFIDENCE (and English paragraphs left without a Spanish one): check these. */
  lowConfidence: ParagraphLink[];
  /** The input had no text at all: nothing was aligned or written. */
  empty: boolean;
}

export type TranslationImportResult =
  | TranslationImportReport
  | { ok: false; code: 'not_found' | 'unprocessable' | 'too_large' | 'unsupported' | 'binary'; message: string }
  /** Mostly UTF-8 with bytes that are not, from `line` on: refused rather than guessed. */
  | { ok: false; code: 'encoding'; message: string; line: number }
  /** The parse pool's queue was full: nothing was written; try again after retryAfterS. */
  | PoolBusy;

/**
 * Longest alignment of one import. Legitimate work can be long: Don Quijote (5,392 paragraphs) against its English
 * (4,865) takes about two minutes here; it runs in the parse pool, so the server answers meanwhile.
 */
const ALIGN_TIMEOUT_MS = 10 * 60_000;

/** Accepted endings of an English translation file. */
export const TRANSLATION_EXTENSIONS = ['.txt', '.md'] as const;

/** Reads the English input into paragraphs: [] for an empty text, or why it cannot be read. */
async function readEnglish(
  input: TranslationImportInput,
): Promise<{ ok: true; paragraphs: string[] } | Extract<TranslationImportResult, { ok: false }>> {
  const name = input.fileName ?? 'The text';
  if (input.bytes.byteLength > MAX_IMPORT_BYTES)
    return {
      ok: false,
      code: 'too_large',
      message: `${name} is ${input.bytes.byteLength} bytes, over the limit of ${MAX_IMPORT_BYTES} bytes (10 MB).`,
    };
  if (input.fileName !== null) {
    const kind = kindOfFileName(input.fileName);
    if (kind !== 'text' && kind !== 'markdown')
      return {
        ok: false,
        code: 'unsupported',
        message: `${input.fileName}: an English translation is read from ${TRANSLATION_EXTENSIONS.join(' or ')} files.`,
      };
  }
  const converted = await convertImportOffThread({ bytes: input.bytes, fileName: input.fileName });
  if (converted.ok) return { ok: true, paragraphs: converted.blocks.map((b) => b.text) };
  if (converted.code === 'empty') return { ok: true, paragraphs: [] };
  if (converted.code === 'encoding' || converted.code === 'busy') return converted;
  return {
    ok: false,
    code: converted.code === 'too_large' || converted.code === 'binary' ? converted.code : 'unprocessable',
    message: converted.message,
  };
}

/** Aligns an English translation with a document and saves each paragraph's share as an 'import' revision. */
export async function importTranslation(
  deps: EditDeps,
  slug: string,
  input: TranslationImportInput,
): Promise<TranslationImportResult> {
  const loaded = await loadSourceDocument(deps.content, slug);
  if (!loaded.ok)
    return { ok: false, code: loaded.code === 'invalid_slug' ? 'not_found' : loaded.code, message: loaded.message };
  const english = await readEnglish(input);
  if (!english.ok) return english;
  const doc = loaded.document;
  const source = doc.paragraphs;
  const report: TranslationImportReport = {
    ok: true,
    dryRun: Boolean(input.dryRun),
    paragraphs: source.length,
    englishParagraphs: english.paragraphs.length,
    bridge: false,
    imported: 0,
    unchanged: 0,
    conflicts: [],
    tooLong: [],
    missing: [],
    links: [],
    lowConfidence: [],
    empty: english.paragraphs.length === 0,
  };
  if (report.empty) {
    // Nothing to align against: every Spanish paragraph is unmatched, and nothing is written.
    report.links = source.map((p) => ({ source: [p.index], target: [], confidence: 0 }));
    report.lowConfidence = report.links;
    return report;
  }

  // The version of every paragraph as the import starts: what each new revision is written on top of.
  const latest = await deps.revisions.latestRevisions(slug);
  const keys = [...new Set(source.flatMap((p) => p.sentences.map(normalizeSentenceKey)))];
  const stored = await deps.lookup(deps.modelId, keys);
  const machine = source.map((p) => machineSentencesOf(p, stored));
  // A generated test model's output would only mislead the aligner.
  const bridge =
    !deps.testModel && machine.every((m) => m !== null) ? machine.map((m) => joinSentences(m ?? [])) : undefined;
  report.bridge = bridge !== undefined;
  // Aligning a long English takes seconds of CPU (sentence by sentence where paragraphs merge): off the request thread.
  const shared = await runHeavy(
    'shareTranslation',
    { source, english: english.paragraphs, machine, bridge },
    { timeoutMs: Math.max(ALIGN_TIMEOUT_MS, parseTimeoutMs()) },
  );
  if (!shared.ok)
    return (
      poolBusy(shared) ?? {
        ok: false,
        code: 'unprocessable',
        message: `${input.fileName ?? 'The text'}: ${shared.message}.`,
      }
    );
  const { links } = shared.value;
  const texts = new Map(shared.value.texts);
  report.links = links;
  report.lowConfidence = links.filter((l) => l.confidence < LOW_CONFIDENCE || l.source.length === 0);

  const author = cutText(cleanLine(input.author ?? `import: ${input.fileName ?? 'pasted text'}`), 80);
  const importId = randomUUID();
  for (const p of source) {
    const text = texts.get(p.index) ?? '';
    if (text.trim() === '') {
      report.missing.push(p.index);
      continue;
    }
    if (text.length > maxTextLengthFor(p.text.length)) {
      report.tooLong.push(p.index);
      continue;
    }
    const base: RevisionRecord | null = latest.get(p.index) ?? null;
    const seen = input.versions?.get(p.index);
    if (seen !== undefined && seen !== versionOf(base)) {
      report.conflicts.push(p.index);
      continue;
    }
    if (base && base.text === text && base.kind === 'import') {
      report.unchanged += 1;
      continue;
    }
    if (report.dryRun) {
      report.imported += 1;
      continue;
    }
    const result = await deps.revisions.appendRevision(
      newRevisionOf(deps, slug, p, machine[p.index] ?? null, {
        text,
        status: 'edited',
        author,
        clientSaveId: `import:${importId}:${p.index}`,
        kind: 'import',
        baseRevisionId: base?.id ?? null,
      }),
      base?.id ?? null,
    );
    if (!result.ok) report.conflicts.push(p.index);
    else if (result.kind === 'saved') report.imported += 1;
    else report.unchanged += 1;
  }
  return report;
}
