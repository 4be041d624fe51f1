import { throwIfCancelled } from '../errors';
import { splitPieces, type Piece } from './split-long';

/** One piece of one sentence, tokenized: what the engine sorts into batches. */
export interface PreparedJob {
  sentence: number;
  piece: number;
  text: string;
  ids: number[];
}

/** The inputs of one translate call, cut to the model's size and tokenized. */
export interface Prepared {
  /** Each sentence's pieces, to join their outputs back (empty for a blank sentence). */
  pieces: Piece[][];
  jobs: PreparedJob[];
}

/** How long preparing may hold the thread before it lets others run (the server's requests, a cancel). */
const SLICE_MS = 10;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Splits each sentence where it is longer than `limit` tokens and tokenizes every piece once. It runs in the engine's
 * thread, which is the server's: every SLICE_MS it yields to the event loop and checks `signal`, so a huge paragraph
 * neither holds up other requests nor keeps being tokenized once its call is cancelled (it rejects with
 * EngineError('cancelled')).
 */
export async function prepareInputs(
  sentences: readonly string[],
  encode: (text: string) => number[],
  limit: number,
  signal?: AbortSignal,
): Promise<Prepared> {
  // What was measured while cutting the current piece: the piece itself is one of those texts (a whole short
  // sentence always is), so it is not tokenized twice; cleared after each piece, so a huge text's prefixes never pile up.
  let measured = new Map<string, number[]>();
  const tokens = (text: string) => {
    let ids = measured.get(text);
    if (!ids) {
      ids = encode(text);
      measured.set(text, ids);
    }
    return ids;
  };
  const measure = (text: string) => tokens(text).length;
  const pieces: Piece[][] = sentences.map(() => []);
  const jobs: PreparedJob[] = [];
  let slice = performance.now();
  for (const [sentence, text] of sentences.entries()) {
    if (text.length === 0) continue;
    for (const piece of splitPieces(text, limit, measure)) {
      pieces[sentence]!.push(piece);
      jobs.push({ sentence, piece: pieces[sentence]!.length - 1, text: piece.text, ids: tokens(piece.text) });
      measured = new Map();
      if (performance.now() - slice > SLICE_MS) {
        await nextTurn();
        throwIfCancelled(signal);
        slice = performance.now();
      }
    }
  }
  return { pieces, jobs };
}
