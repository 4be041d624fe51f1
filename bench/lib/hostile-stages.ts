/**
 * `npm run bench:load -- --stages [--compare DIR] [--rounds 3]`: each stage of the 5 MB hostile paragraphs timed
 * in this process, without a server: reading the import (convertImport, what the parse pool runs), segmentation
 * (splitSentences) and alignment (alignSentences, alignParagraphs of the paragraph against itself). With --compare,
 * DIR's own lib/ (another checkout, e.g. the commit before a change) runs the same inputs, interleaved round by
 * round, so both see the same machine. Prints the median of the rounds per stage; the goal is under 5 s each.
 */
import path from 'node:path';
import { noPunctuation, shortSentences } from '../../tests/helpers/hostile-inputs';
import { quantile } from './stats';

type Align = (s: readonly string[], t: readonly string[]) => unknown;
interface Lib {
  label: string;
  convertImport: (input: { bytes: Uint8Array; fileName: string | null }) => Promise<unknown>;
  splitSentences: (text: string) => string[];
  alignSentences: Align;
  alignParagraphs: Align;
}

async function load(label: string, root: string): Promise<Lib> {
  const at = (file: string) => path.join(root, file);
  const { convertImport } = (await import(at('lib/exchange/import-source.ts'))) as Pick<Lib, 'convertImport'>;
  const { splitSentences } = (await import(at('lib/text/sentences.ts'))) as Pick<Lib, 'splitSentences'>;
  const align = (await import(at('lib/align/index.ts'))) as Pick<Lib, 'alignSentences' | 'alignParagraphs'>;
  return { label, convertImport, splitSentences, ...align };
}

const STAGES = ['import', 'segmentation', 'alignSentences', 'alignParagraphs'] as const;
const GOAL_MS = 5_000;

async function timeStages(lib: Lib, fileName: string, bytes: Uint8Array): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  let started = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    times[stage] = now - started;
    started = now;
  };
  await lib.convertImport({ bytes, fileName });
  lap('import');
  const text = new TextDecoder().decode(bytes);
  started = performance.now();
  const sentences = lib.splitSentences(text);
  lap('segmentation');
  lib.alignSentences(sentences, sentences);
  lap('alignSentences');
  lib.alignParagraphs([text], [text]);
  lap('alignParagraphs');
  return times;
}

/** Runs the stages `rounds` times for this checkout and, with `compareDir`, for that one in turn. */
export async function runHostileStages(root: string, compareDir: string | undefined, rounds: number): Promise<void> {
  const libs = [await load('A', root), ...(compareDir ? [await load('B', path.resolve(compareDir))] : [])];
  console.log(libs.map((l) => `${l.label} = ${l.label === 'A' ? root : path.resolve(compareDir!)}`).join('; '));
  for (const [name, fileName, bytes] of [
    ['5 MB paragraph, no punctuation', 'nopunct.txt', noPunctuation()],
    ['5 MB line of "a. a. a."', 'dots.txt', shortSentences()],
  ] as const) {
    const seen = new Map(libs.map((l) => [l.label, new Map(STAGES.map((s) => [s, [] as number[]]))]));
    for (let round = 0; round < rounds; round++)
      for (const lib of libs) {
        const times = await timeStages(lib, fileName, bytes);
        for (const stage of STAGES) seen.get(lib.label)!.get(stage)!.push(times[stage]!);
      }
    for (const lib of libs) {
      const cells = STAGES.map((stage) => {
        const values = seen.get(lib.label)!.get(stage)!;
        const median = quantile(values, 0.5);
        return `${stage} ${median.toFixed(0)} ms${median <= GOAL_MS ? '' : ' (over 5 s)'} [${values.map((v) => v.toFixed(0)).join(', ')}]`;
      });
      console.log(`${lib.label} | ${name.padEnd(32)} | medians of ${rounds}: ${cells.join('; ')}`);
    }
  }
}
