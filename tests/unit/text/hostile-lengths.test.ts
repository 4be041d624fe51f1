import { describe, expect, it } from 'vitest';
import { alignParagraphs, alignSentences } from '../../../lib/align';
import { splitSentences } from '../../../lib/text/sentences';

const MB = 1024 * 1024;
const shapes = {
  'no punctuation': (bytes: number) => 'palabra '.repeat(Math.floor(bytes / 8)),
  '"a. a. a."': (bytes: number) => 'a. '.repeat(Math.floor(bytes / 3)),
};
const timed = (run: () => unknown) => {
  const started = performance.now();
  run();
  return performance.now() - started;
};

describe('a 5 MB paragraph', () => {
  it.each(Object.entries(shapes))(
    'of %s is segmented and aligned in time proportional to its length',
    (_shape, make) => {
      // Best of three runs per size: under a parallel test run one run's ratio was noisy (12.6 once, linear 5x).
      const cost = (bytes: number) => {
        const text = make(bytes);
        let best = { split: Infinity, align: Infinity };
        for (let run = 0; run < 3; run++) {
          let sentences: string[] = [];
          const split = timed(() => (sentences = splitSentences(text)));
          const align = timed(() => {
            alignSentences(sentences, sentences);
            alignParagraphs([text], [text]);
          });
          best = { split: Math.min(best.split, split), align: Math.min(best.align, align) };
        }
        return best;
      };
      cost(MB / 4); // warm up the JIT
      const small = cost(MB);
      const large = cost(5 * MB);
      // Linear gives 5x; quadratic would give 25x. Times go to bench:load, not here: this machine is shared.
      expect(large.split / small.split).toBeLessThan(12);
      expect(large.align / small.align).toBeLessThan(12);
    },
    300_000,
  );
});
