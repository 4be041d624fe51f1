import { describe, expect, it } from 'vitest';
import { alignParagraphs, alignSentences } from '../../../lib/align';
import { splitSentences } from '../../../lib/text/sentences';

const MB = 1024 * 1024;
const shapes = {
  'no punctuation': (bytes: number) => 'palabra '.repeat(Math.floor(bytes / 8)),
  '"a. a. a."': (bytes: number) => 'a. '.repeat(Math.floor(bytes / 3)),
  // names with their ! and suspended ellipses, whose rules look back and ahead a bounded number of tokens
  '"Go! Tours de... Sevilla"': (bytes: number) => 'Go! Tours de... Sevilla '.repeat(Math.floor(bytes / 24)),
};

/**
 * CPU time of this process (user and system, in ms) spent in `run`, not wall-clock time: under a parallel test run on
 * a shared machine the process waits for a core, and one wall-clock ratio came out 12.6 against a bound of 12 with
 * linear code. (Vitest runs each file in a process of its own: pool 'forks'.)
 */
const cpuMs = (run: () => unknown) => {
  const started = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(started);
  return (user + system) / 1000;
};

describe('a 5 MB paragraph', () => {
  it.each(Object.entries(shapes))(
    'of %s is segmented and aligned in time proportional to its length',
    (_shape, make) => {
      const texts = { small: make(MB), large: make(5 * MB) };
      const cost = (text: string) => {
        let sentences: string[] = [];
        const split = cpuMs(() => (sentences = splitSentences(text)));
        const align = cpuMs(() => {
          alignSentences(sentences, sentences);
          alignParagraphs([text], [text]);
        });
        return { split, align };
      };
      cost(make(MB / 4)); // warm up the JIT
      // Best of three per size, the sizes interleaved, so that a slow spell (a collection, a busy machine) lands on
      // one run of one size and not on all of them.
      const best = { small: { split: Infinity, align: Infinity }, large: { split: Infinity, align: Infinity } };
      for (let run = 0; run < 3; run++) {
        for (const size of ['small', 'large'] as const) {
          const { split, align } = cost(texts[size]);
          best[size] = { split: Math.min(best[size].split, split), align: Math.min(best[size].align, align) };
        }
      }
      // Linear gives 5x; quadratic would give 25x. Times go to bench:load, not here: this machine is shared.
      expect(best.large.split / best.small.split).toBeLessThan(12);
      expect(best.large.align / best.small.align).toBeLessThan(12);
    },
    300_000,
  );
});
