/**
 * Weighted multisets of interned features, compared group against group without allocating. The aligner scores
 * millions of candidate links on a book; keeping each unit's features as an Int32Array of ids and counting
 * matches through one scratch array keeps that at a few array reads per feature.
 */

/** Interns feature strings to dense ids, each with a weight and a category (e.g. the n-gram order). */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly weights: number[] = [];
  readonly categories: number[] = [];

  constructor(readonly categoryCount: number) {}

  id(key: string, weight: number, category: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.weights.length;
      this.ids.set(key, id);
      this.weights.push(weight);
      this.categories.push(category);
    }
    return id;
  }

  get size(): number {
    return this.weights.length;
  }
}

/** One unit's features: ids with repetition, and the weighted total per category. */
export interface Bag {
  ids: Int32Array;
  totals: Float64Array;
}

/** Builds a bag from (key, weight, category) features; a feature without a category is of category 0. */
export function makeBag(
  vocabulary: Vocabulary,
  features: readonly { readonly key: string; readonly weight: number; readonly category?: number }[],
): Bag {
  const ids = new Int32Array(features.length);
  const totals = new Float64Array(vocabulary.categoryCount);
  for (let k = 0; k < features.length; k++) {
    const feature = features[k]!;
    const category = feature.category ?? 0;
    ids[k] = vocabulary.id(feature.key, feature.weight, category);
    totals[category] = (totals[category] ?? 0) + feature.weight;
  }
  return { ids, totals };
}

/** Counts weighted multiset matches between a group of bags and another group, per category. */
export class OverlapCounter {
  private scratch: Int32Array;
  private readonly weights: Float64Array;
  private readonly categories: Int32Array;

  constructor(vocabulary: Vocabulary) {
    this.scratch = new Int32Array(vocabulary.size);
    this.weights = Float64Array.from(vocabulary.weights);
    this.categories = Int32Array.from(vocabulary.categories);
  }

  /** Writes matched weight per category into `out` (zeroed first); bags are a[aFrom..aTo) and b[bFrom..bTo). */
  overlap(
    a: readonly Bag[],
    aFrom: number,
    aTo: number,
    b: readonly Bag[],
    bFrom: number,
    bTo: number,
    out: Float64Array,
  ): void {
    out.fill(0);
    const scratch = this.scratch;
    for (let u = aFrom; u < aTo; u++) {
      const ids = a[u]!.ids;
      for (let k = 0; k < ids.length; k++) scratch[ids[k]!]!++;
    }
    for (let u = bFrom; u < bTo; u++) {
      const ids = b[u]!.ids;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        if (scratch[id]! > 0) {
          scratch[id]!--;
          out[this.categories[id]!]! += this.weights[id]!;
        }
      }
    }
    for (let u = aFrom; u < aTo; u++) {
      const ids = a[u]!.ids;
      for (let k = 0; k < ids.length; k++) scratch[ids[k]!] = 0;
    }
  }
}

/** Sum of the bags' totals per category over bags[from..to). */
export function groupTotals(bags: readonly Bag[], from: number, to: number, out: Float64Array): void {
  out.fill(0);
  for (let u = from; u < to; u++) {
    const totals = bags[u]!.totals;
    for (let c = 0; c < totals.length; c++) out[c]! += totals[c]!;
  }
}
