'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useEffectEvent, useRef, useState, type RefObject } from 'react';
import { useLatest } from '@/components/common/use-latest';
import type { AlignmentLink } from '@/lib/documents/types';
import { CARRY_KEY, carryJson, parseCarry } from './carry';
import { clearReading, markReading } from './highlight';
import {
  DEFAULT_RATE,
  parseRate,
  stepAfter,
  stepFrom,
  type ReadContext,
  type ReadPosition,
  type ReadScope,
  type ReadSide,
  type ReadStep,
  type SpeakableParagraph,
} from './sequence';
import { speechSynthesisOrNull, voicesOf } from './speech';
import { pickVoice } from './voices';
import { toolbarBottom } from './here';

export type ReadAloudStatus = 'idle' | 'starting' | 'playing' | 'paused' | 'waiting';
export type ReadAloudProblem = { code: 'unsupported' } | { code: 'no_voice'; side: ReadSide } | { code: 'failed' };

export type ReadAloud = {
  status: ReadAloudStatus;
  side: ReadSide | null;
  at: ReadPosition | null;
  rate: number;
  problem: ReadAloudProblem | null;
  play: (side: ReadSide, from: ReadPosition, scope: ReadScope) => void;
  pause: () => void;
  resume: () => void;
  stop: () => void;
  setRate: (rate: number) => void;
};

type Options = {
  slug: string;
  list: RefObject<HTMLOListElement | null>;
  /** The page's paragraphs as they are now (English fills in while the job runs). */
  page: readonly SpeakableParagraph[];
  linksOf: (index: number) => AlignmentLink[] | null;
  /** Each column's language tag (the document's source and target languages). */
  langs: Record<ReadSide, string>;
  total: number;
  pageable: boolean;
  pending: boolean;
  /** The query-only link to the page holding a paragraph, at that paragraph (#p-N), keeping the reading mode. */
  pageHref: (paragraph: number) => string;
};

const RATE_KEY = 'paralelo-read-aloud-rate';

type Session = { token: number; side: ReadSide; scope: ReadScope; voice: SpeechSynthesisVoice; at: ReadPosition };

/**
 * Read aloud with the browser's speech synthesis: one utterance per sentence (boundary events differ between
 * browsers, so the highlight follows the utterances, never them), the sentence being read highlighted in both
 * columns, on to the next paragraph and, at the end of a page of a book, to the next page, where the new page's
 * reader takes over from a note in sessionStorage. The page moves by client-side navigation: the browser keeps the
 * person's gesture that allowed speaking.
 */
export function useReadAloud(options: Options): ReadAloud {
  const router = useRouter();
  const latest = useLatest(options);
  const [status, setStatus] = useState<ReadAloudStatus>('idle');
  const [at, setAt] = useState<ReadPosition | null>(null);
  const [side, setSide] = useState<ReadSide | null>(null);
  const [problem, setProblem] = useState<ReadAloudProblem | null>(null);
  const [rate, setRateState] = useState(DEFAULT_RATE);
  const rateRef = useRef(DEFAULT_RATE);
  // Every start, stop and speed change takes a new token: an utterance's late end or error (cancel() fires them)
  // belongs to an older token and is ignored.
  const token = useRef(0);
  const session = useRef<Session | null>(null);
  const restartOnResume = useRef(false);

  const contextOf = (s: Session): ReadContext => {
    const o = latest.current;
    return { page: o.page, side: s.side, scope: s.scope, total: o.total, pageable: o.pageable, pending: o.pending };
  };

  const finish = useCallback(() => {
    token.current++;
    session.current = null;
    restartOnResume.current = false;
    speechSynthesisOrNull()?.cancel();
    const root = latest.current.list.current;
    if (root) clearReading(root);
    setStatus('idle');
    setAt(null);
  }, [latest]);

  // Declared as a function so speak and run can call each other (a sentence's end runs the next step).
  function speak(s: Session) {
    const synth = speechSynthesisOrNull();
    const o = latest.current;
    const paragraph = o.page.find((p) => p.index === s.at.paragraph);
    const text = paragraph?.[s.side]?.[s.at.sentence];
    if (!synth || text === undefined) return finish();
    const mine = ++token.current;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = s.voice;
    utterance.lang = s.voice.lang || o.langs[s.side];
    utterance.rate = rateRef.current;
    utterance.onend = () => {
      if (token.current === mine) run(s, stepAfter(contextOf(s), s.at));
    };
    utterance.onerror = (e) => {
      if (token.current !== mine || e.error === 'interrupted' || e.error === 'canceled') return;
      finish();
      setProblem({ code: 'failed' });
    };
    const root = o.list.current;
    const span = root ? markReading(root, s.at, s.side, o.linksOf(s.at.paragraph) ?? []) : null;
    if (span) keepInView(span);
    setAt(s.at);
    setStatus('playing');
    synth.speak(utterance);
  }

  function run(s: Session, step: ReadStep) {
    if (step.kind === 'sentence') {
      s.at = step.at;
      return speak(s);
    }
    if (step.kind === 'wait') {
      s.at = { paragraph: step.paragraph, sentence: 0 };
      setAt(s.at);
      return setStatus('waiting');
    }
    if (step.kind === 'next-page') {
      const o = latest.current;
      try {
        sessionStorage.setItem(
          CARRY_KEY,
          carryJson({ slug: o.slug, side: s.side, paragraph: step.paragraph, rate: rateRef.current, at: Date.now() }),
        );
      } catch {
        // Storage turned off: the next page opens, and reading stops there.
      }
      router.push(`${window.location.pathname}${o.pageHref(step.paragraph)}`);
      return;
    }
    finish();
  }

  const play = (readSide: ReadSide, from: ReadPosition, scope: ReadScope) => {
    finish();
    setProblem(null);
    setSide(readSide);
    const synth = speechSynthesisOrNull();
    if (!synth) return setProblem({ code: 'unsupported' });
    const mine = token.current;
    setStatus('starting');
    void voicesOf(synth).then((voices) => {
      if (token.current !== mine) return;
      const voice = pickVoice(voices, latest.current.langs[readSide]);
      if (!voice) {
        setStatus('idle');
        return setProblem({ code: 'no_voice', side: readSide });
      }
      const s: Session = { token: mine, side: readSide, scope, voice, at: from };
      session.current = s;
      run(s, stepFrom(contextOf(s), from));
    });
  };

  const pause = () => {
    if (status !== 'playing') return;
    speechSynthesisOrNull()?.pause();
    setStatus('paused');
  };

  const resume = () => {
    const synth = speechSynthesisOrNull();
    const s = session.current;
    if (status !== 'paused' || !synth || !s) return;
    if (!restartOnResume.current) {
      synth.resume();
      return setStatus('playing');
    }
    // The speed changed while paused: the sentence starts again at the new speed.
    restartOnResume.current = false;
    token.current++;
    synth.cancel();
    synth.resume();
    speak(s);
  };

  const setRate = (next: number) => {
    const value = parseRate(next);
    rateRef.current = value;
    setRateState(value);
    try {
      localStorage.setItem(RATE_KEY, String(value));
    } catch {
      // Not kept for next time; this page reads at the new speed anyway.
    }
    const s = session.current;
    if (!s) return;
    if (status === 'paused') restartOnResume.current = true;
    else if (status === 'playing') {
      // An utterance keeps the rate it started with: the sentence being read starts again at the new one.
      token.current++;
      speechSynthesisOrNull()?.cancel();
      speak(s);
    }
  };

  // English that was on its way has come (or the job ended): reading goes on from where it waited.
  const retry = useEffectEvent(() => {
    const s = session.current;
    if (s) run(s, stepFrom(contextOf(s), s.at));
  });
  useEffect(() => {
    if (status === 'waiting') retry();
  }, [status, options.page, options.pending]);

  // The speed kept from last time, and reading that goes on from the previous page.
  const carried = useEffectEvent(() => {
    let raw: string | null = null;
    try {
      const stored = localStorage.getItem(RATE_KEY);
      if (stored !== null) {
        rateRef.current = parseRate(stored);
        setRateState(rateRef.current);
      }
      raw = sessionStorage.getItem(CARRY_KEY);
      sessionStorage.removeItem(CARRY_KEY);
    } catch {
      return;
    }
    const carry = parseCarry(raw, latest.current.slug, Date.now());
    if (!carry || !latest.current.page.some((p) => p.index === carry.paragraph)) return;
    rateRef.current = carry.rate;
    setRateState(carry.rate);
    play(carry.side, { paragraph: carry.paragraph, sentence: 0 }, 'onward');
  });
  useEffect(() => {
    carried();
    // Leaving the page (or the reader) silences it: speech would go on over another page otherwise.
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- a counter, not a node: outdating every utterance is the point
      token.current++;
      speechSynthesisOrNull()?.cancel();
    };
  }, []);

  return { status, side, at, rate, problem, play, pause, resume, stop: finish, setRate };
}

/** Scrolls the sentence being read into the middle of the screen when it is out of view (or under the toolbar). */
function keepInView(el: HTMLElement) {
  const box = el.getBoundingClientRect();
  if (box.top < toolbarBottom() || box.bottom > window.innerHeight)
    el.scrollIntoView({
      block: 'center',
      behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    });
}
