import { loopCost } from '../decoder/greedy-decode';

/**
 * Splits a batch's rows (their budgets of new tokens) into at most `parts` groups that the greedy loop decodes in
 * about the same time, each group's rows in their original order; no group is empty. A group costs about a step per
 * decoder step plus a row-step per live row (a step at batch 1 took ~4 ms here, each more row ~2 ms: bench:mt), so
 * rows go longest first to the group they make the least costly (LPT scheduling).
 */
export function partitionRows(budgets: readonly number[], parts: number): number[][] {
  const count = Math.max(1, Math.min(Math.floor(parts), budgets.length));
  const groups: number[][] = Array.from({ length: count }, () => []);
  const cost = (rows: readonly number[]) => {
    const { steps, slots } = loopCost(rows.map((r) => budgets[r]!));
    return steps + slots;
  };
  const order = budgets.map((_, i) => i).sort((a, b) => budgets[b]! - budgets[a]! || a - b);
  for (const row of order) {
    let best = 0;
    let bestCost = Infinity;
    groups.forEach((group, g) => {
      // An empty group always takes the next row: every part gets work.
      const after = group.length === 0 ? -1 : cost([...group, row]);
      if (after < bestCost) {
        bestCost = after;
        best = g;
      }
    });
    groups[best]!.push(row);
  }
  return groups.filter((g) => g.length > 0).map((g) => g.sort((a, b) => a - b));
}
