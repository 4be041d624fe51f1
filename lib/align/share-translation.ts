/**
 * The pure part of importing a published translation: paragraph links between the Spanish and the English, and
 * each Spanish paragraph's share of the English (merged or split paragraphs shared out by sentence). Runs in the
 * parse pool: aligning a long text costs seconds.
 */
import { joinSentences } from '../text/join-sentences';
import { splitSentences } from '../text/sentences';
import { alignParagraphs, alignSentences } from './aligner';
import type { AlignmentLink } from './types';

/** What sharing needs of a Spanish paragraph (a SourceParagraph has it). */
export interface SharedParagraph {
  index: number;
  text: string;
  sentences: readonly string[];
}

/**
 * Shares the English of a group of Spanish paragraphs linked to one or more English paragraphs: their sentences
 * are aligned, and each Spanish paragraph gets the English sentences linked to its own sentences. English left
 * without a Spanish sentence joins the paragraph before it (the first one, at the start), so nothing is lost.
 */
export function distributeGroup(
  group: readonly SharedParagraph[],
  english: readonly string[],
  machine: ReadonlyArray<string[] | null>,
): { texts: string[]; confidence: number[] } {
  const owners: number[] = [];
  const sourceSentences: string[] = [];
  group.forEach((p, g) => {
    for (const s of p.sentences) {
      owners.push(g);
      sourceSentences.push(s);
    }
  });
  const targetSentences = english.flatMap((t) => splitSentences(t));
  const bridgeParts = machine.every((m): m is string[] => m !== null) ? machine.flat() : null;
  const bridge = bridgeParts && bridgeParts.length === sourceSentences.length ? bridgeParts : undefined;
  const links = alignSentences(sourceSentences, targetSentences, bridge ? { bridge } : {});
  const parts: string[][] = group.map(() => []);
  const confidence = group.map(() => 1);
  let current = 0;
  for (const link of links) {
    const first = link.source[0];
    if (first !== undefined) current = owners[first]!;
    for (const s of link.source) confidence[owners[s]!] = Math.min(confidence[owners[s]!]!, link.confidence);
    if (link.source.length === 0) confidence[current] = Math.min(confidence[current]!, link.confidence);
    for (const t of link.target) parts[current]!.push(targetSentences[t]!);
  }
  return { texts: parts.map((p) => joinSentences(p)), confidence };
}

/** Links of the paragraphs and each Spanish paragraph's English, as [paragraph index, text] pairs. */
export function shareTranslation(input: {
  source: readonly SharedParagraph[];
  english: readonly string[];
  machine: ReadonlyArray<string[] | null>;
  bridge: string[] | undefined;
}): { links: AlignmentLink[]; texts: [number, string][] } {
  const { source, machine, bridge } = input;
  const english = { paragraphs: input.english };
  const links = alignParagraphs(
    source.map((p) => p.text),
    english.paragraphs,
    bridge ? { bridge } : {},
  );

  // Each Spanish paragraph's share of the English.
  const texts = new Map<number, string>();
  let previous: number | null = null;
  const orphans: string[] = []; // English before the first Spanish paragraph with a link
  for (const link of links) {
    const targets = link.target.map((t) => english.paragraphs[t]!);
    if (link.source.length === 0) {
      // English with no Spanish counterpart stays with the paragraph before it.
      if (previous === null) orphans.push(...targets);
      else texts.set(previous, joinSentences([texts.get(previous) ?? '', ...targets]));
      continue;
    }
    if (link.source.length === 1) {
      texts.set(link.source[0]!, joinSentences(targets));
    } else {
      const group = link.source.map((i) => source[i]!);
      const shared = distributeGroup(
        group,
        targets,
        link.source.map((i) => machine[i] ?? null),
      );
      group.forEach((p, g) => texts.set(p.index, shared.texts[g]!));
    }
    previous = link.source[link.source.length - 1]!;
  }
  const first = source[0];
  if (orphans.length > 0 && first) texts.set(first.index, joinSentences([...orphans, texts.get(first.index) ?? '']));

  return { links, texts: [...texts] };
}
