/**
 * Builds what the reader and editor show for one paragraph from what is stored: the latest human revision wins,
 * else translation memory, else the machine. Pure: the caller fetches revisions, memory and machine output.
 */
import { createHash } from 'node:crypto';
import { alignSentences } from '../align';
import type { SourceParagraph } from '../content';
import type { MemoryMatches, RevisionRecord } from '../store/types';
import { normalizeSentenceKey } from '../text/normalize';
import { splitSentences } from '../text/sentences';
import { joinSentences } from '../text/join-sentences';
import { paragraphKeyOfParagraph, sentenceKeysOf, sourceHashOfParagraph } from './paragraph-keys';
import { LOW_CONFIDENCE, type ParagraphView, type RevisionView, type TargetView } from './types';

/** What buildParagraphView needs besides the paragraph itself. */
export interface ParagraphInputs {
  modelId: string;
  testModel: boolean;
  /** The paragraph's machine sentences under modelId, or null unless every sentence is translated. */
  machine: string[] | null;
  revision: RevisionRecord | null;
  memory: MemoryMatches;
}

/** Hash of a source paragraph, insensitive to whitespace changes, recorded with each revision (sourceChanged). */
export function sourceHashOf(text: string): string {
  return createHash('sha256').update(normalizeSentenceKey(text)).digest('hex');
}

/** The paragraph key of translation memory (normalized like sentence keys). */
export const paragraphKeyOf = (text: string) => normalizeSentenceKey(text);

/** The public view of a stored revision (no client ids or source copies). */
export function revisionView(r: RevisionRecord): RevisionView {
  return {
    id: r.id,
    text: r.text,
    status: r.status,
    author: r.author,
    createdAt: r.createdAt,
    baseRevisionId: r.baseRevisionId,
    kind: r.kind,
    machineText: r.machineText,
  };
}

/** The If-Match version of a paragraph: its latest revision id, "0" before the first. */
export const versionOf = (revision: RevisionRecord | null) => (revision ? String(revision.id) : '0');

/**
 * A human or remembered English text split into sentences and linked to the source sentences. A real model's
 * sentence-by-sentence output is the aligner's bridge (Bleualign's idea); a test model's random output would only
 * mislead it. Kept per paragraph of a parse for the text and bridge it was made from: a book's GET aligned every
 * revised paragraph again each time.
 */
function splitAndAlign(p: SourceParagraph, text: string, inputs: ParagraphInputs) {
  const bridge =
    inputs.machine && !inputs.testModel && inputs.machine.length === p.sentences.length ? inputs.machine : undefined;
  const bridgeKey = bridge ? bridge.join('\u0000') : null;
  const hit = aligned.get(p);
  if (hit && hit.text === text && hit.bridgeKey === bridgeKey) return hit;
  const sentences = splitSentences(text);
  const made = {
    text,
    bridgeKey,
    sentences,
    alignment: alignSentences(p.sentences, sentences, bridge ? { bridge } : {}),
  };
  aligned.set(p, made);
  return made;
}

const aligned = new WeakMap<
  SourceParagraph,
  { text: string; bridgeKey: string | null; sentences: string[]; alignment: TargetView['alignment'] }
>();

function targetOf(p: SourceParagraph, inputs: ParagraphInputs): TargetView | null {
  const { machine, revision, memory, modelId, testModel } = inputs;
  if (revision) {
    const { sentences, alignment } = splitAndAlign(p, revision.text, inputs);
    return {
      text: revision.text,
      sentences,
      origin: revision.kind === 'import' ? 'imported' : 'human',
      status: revision.status,
      modelId: revision.modelId ?? modelId,
      testModel: false,
      alignment,
    };
  }
  const whole = memory.paragraphs.get(paragraphKeyOfParagraph(p));
  if (whole !== undefined) {
    const { sentences, alignment } = splitAndAlign(p, whole, inputs);
    return {
      text: whole,
      sentences,
      origin: 'memory',
      status: 'machine',
      modelId,
      testModel: false,
      alignment,
    };
  }
  const remembered = sentenceKeysOf(p).map((k) => memory.sentences.get(k));
  if (remembered.some((t) => t !== undefined)) {
    const mixed = remembered.map((t, i) => t ?? machine?.[i]);
    if (mixed.every((t): t is string => t !== undefined)) {
      return {
        text: joinSentences(mixed),
        sentences: mixed,
        origin: 'memory',
        status: 'machine',
        modelId,
        // Only when some sentence still comes from a generated test model.
        testModel: testModel && remembered.some((t) => t === undefined),
        // Put together sentence by sentence, so the links are 1:1 and certain.
        alignment: mixed.map((_, i) => ({ source: [i], target: [i], confidence: 1 })),
      };
    }
  }
  if (!machine) return null;
  return {
    text: joinSentences(machine),
    sentences: machine,
    origin: 'machine',
    status: 'machine',
    modelId,
    testModel,
    // Machine translation is sentence by sentence, so its links are 1:1 and certain.
    alignment: machine.map((_, i) => ({ source: [i], target: [i], confidence: 1 })),
  };
}

/**
 * Whether an imported or re-aligned paragraph needs a look: English left empty for a Spanish paragraph, or a
 * sentence link the aligner is unsure of. Ordinary edits are not second-guessed.
 */
function isLowConfidence(p: SourceParagraph, revision: RevisionRecord | null, target: TargetView | null): boolean {
  if (!revision || (revision.kind !== 'import' && revision.kind !== 'align') || !target) return false;
  if (target.text.trim() === '') return p.text.trim() !== '';
  return target.alignment.some((link) => link.confidence < LOW_CONFIDENCE);
}

/** One paragraph as the API and the reader see it: source, current English, machine output, revision and flags. */
export function buildParagraphView(p: SourceParagraph, inputs: ParagraphInputs): ParagraphView {
  const { machine, revision, modelId, testModel } = inputs;
  const machineText = machine ? joinSentences(machine) : null;
  const target = targetOf(p, inputs);
  return {
    index: p.index,
    kind: p.kind,
    ...(p.level !== undefined ? { level: p.level } : {}),
    source: p.text,
    sentences: p.sentences,
    target,
    alignment: target ? target.alignment : null,
    machine: machine && machineText !== null ? { text: machineText, sentences: machine, modelId, testModel } : null,
    revision: revision ? revisionView(revision) : null,
    version: versionOf(revision),
    flags: {
      sourceChanged: revision !== null && revision.sourceHash !== sourceHashOfParagraph(p),
      newSuggestion: revision && machineText !== null && machineText !== revision.machineText ? machineText : null,
      lowConfidence: isLowConfidence(p, revision, target),
    },
  };
}
