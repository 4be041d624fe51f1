import {
  exportParagraphs,
  type ExportDocument,
  type ExportLink,
  type ExportOrigin,
  type ExportParagraph,
  type ExportStatus,
} from './export-document';

/** One exchange unit: an aligned group of source sentences with its English, or a whole paragraph. */
export interface ExchangeUnit {
  /** Index of the paragraph in the document. */
  paragraph: number;
  /** Index of the group inside its paragraph (0 when the paragraph is one unit). */
  group: number;
  source: string;
  /** Null when the paragraph has no English yet. */
  target: string | null;
  status: ExportStatus;
  origin: ExportOrigin | null;
  author: string | null;
  /** Milliseconds since the epoch of the revision, when a human saved it. */
  changedAt: number | null;
  /** Output of a generated random-weight model: never a translation, always labelled. */
  testModel: boolean;
}

/** Every index 0..n-1 exactly once, in any order of the links. */
function covers(indices: number[], n: number): boolean {
  if (indices.length !== n) return false;
  const seen = [...indices].sort((a, b) => a - b);
  return seen.every((v, i) => v === i);
}

const joinText = (parts: string[]) => parts.join(' ').trim();

/**
 * Source/target pairs of a paragraph from its alignment links. Links with one side empty (1:0, 0:1) join the
 * previous group (or the next for the first), so no text is lost; a partial or overlapping alignment makes the whole
 * paragraph one pair.
 */
export function alignedPairs(
  sources: readonly string[],
  targets: readonly string[],
  links: readonly ExportLink[],
): { source: string; target: string }[] | null {
  if (links.length === 0) return null;
  if (
    !covers(
      links.flatMap((l) => l.source),
      sources.length,
    )
  )
    return null;
  if (
    !covers(
      links.flatMap((l) => l.target),
      targets.length,
    )
  )
    return null;
  // A 0:1 link has no source position: it goes right after the link holding the target sentence before it.
  const key = (l: ExportLink): number => {
    if (l.source.length > 0) return Math.min(...l.source);
    const before = Math.min(...l.target) - 1;
    const holder = links.find((o) => o.source.length > 0 && o.target.includes(before));
    return holder ? Math.min(...holder.source) + 0.5 : -0.5;
  };
  const ordered = [...links].sort((a, b) => key(a) - key(b));
  const groups: { source: number[]; target: number[] }[] = [];
  let pending: { source: number[]; target: number[] } | null = null;
  for (const link of ordered) {
    const current = { source: [...link.source], target: [...link.target] };
    if (pending) {
      current.source.unshift(...pending.source);
      current.target.unshift(...pending.target);
      pending = null;
    }
    if (current.source.length === 0 || current.target.length === 0) {
      const last = groups.at(-1);
      if (last) {
        last.source.push(...current.source);
        last.target.push(...current.target);
      } else pending = current;
      continue;
    }
    groups.push(current);
  }
  if (pending) return null;
  return groups.map((g) => ({
    source: joinText([...g.source].sort((a, b) => a - b).map((i) => sources[i] ?? '')),
    target: joinText([...g.target].sort((a, b) => a - b).map((i) => targets[i] ?? '')),
  }));
}

function unitsOf(p: ExportParagraph): ExchangeUnit[] {
  const t = p.target;
  const base = {
    paragraph: p.index,
    status: t?.status ?? 'machine',
    origin: t?.origin ?? null,
    author: t?.author ?? null,
    changedAt: t?.changedAt ?? null,
    testModel: t?.testModel ?? false,
  } satisfies Omit<ExchangeUnit, 'group' | 'source' | 'target'>;
  if (!t) return [{ ...base, group: 0, source: p.source, target: null }];
  // Headings are one unit whatever their sentences; so is a paragraph whose alignment does not cover it.
  const pairs = p.kind === 'heading' ? null : alignedPairs(p.sentences, t.sentences, t.alignment);
  if (!pairs || pairs.length <= 1) return [{ ...base, group: 0, source: p.source, target: t.text }];
  return pairs.map((pair, group) => ({ ...base, group, source: pair.source, target: pair.target }));
}

/** The document as exchange units, in reading order: one per aligned sentence group, or per paragraph. */
export function exchangeUnits(doc: Pick<ExportDocument, 'chapters'>): ExchangeUnit[] {
  return exportParagraphs(doc).flatMap(unitsOf);
}
