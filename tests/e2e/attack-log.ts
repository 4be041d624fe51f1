/**
 * The attacks the security specs try, each with what it got, printed as one table at the end of a spec (issue 14's
 * closing note quotes it). Recording is not asserting: each spec still expects every outcome itself.
 */
export interface AttackRow {
  attack: string;
  /** What it was answered, as the browser or the client saw it (status, blocked, what the store shows). */
  got: string;
}

/** Collects the rows of one spec and prints them as a Markdown table. */
export function attackLog(title: string) {
  const rows: AttackRow[] = [];
  return {
    add(attack: string, got: string) {
      rows.push({ attack, got: got.replace(/\s+/g, ' ').trim().slice(0, 300) });
    },
    print() {
      if (rows.length === 0) return;
      const width = Math.max(...rows.map((r) => r.attack.length), 'attack'.length);
      const lines = [
        `[attacks] ${title}`,
        `| ${'attack'.padEnd(width)} | got |`,
        `| ${'-'.repeat(width)} | --- |`,
        ...rows.map((r) => `| ${r.attack.padEnd(width)} | ${r.got} |`),
      ];
      console.log(lines.join('\n'));
    },
  };
}
