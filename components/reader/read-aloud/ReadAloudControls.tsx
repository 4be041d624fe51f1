'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useEffectEvent, useId } from 'react';
import { isTyping } from '@/components/comfort/shortcuts';
import type { Here } from './here';
import { READ_RATES, shiftRate, type ReadScope, type ReadSide } from './sequence';
import type { ReadAloud } from './use-read-aloud';

type Props = {
  reader: ReadAloud;
  /** The column read when the focus is not in one (chosen in the settings). */
  choice: ReadSide;
  /** Where "here" is now (the focused sentence or paragraph, else the first in view). */
  here: () => Here | null;
  /** Whether the paragraph being read has test-model English (read aloud, it stays labelled as such). */
  readingTestOutput: boolean;
  onChoice: (side: ReadSide) => void;
};

/**
 * The read-aloud line of the reader's toolbar: read from here, pause and resume, stop, what is being read and any
 * problem; and the keyboard shortcuts, which work anywhere on the page outside text fields.
 */
export function ReadAloudBar({ reader, choice, here, readingTestOutput, onChoice }: Props) {
  const t = useTranslations('readAloud');
  const tr = useTranslations('reader');
  const { status, problem } = reader;
  const active = status !== 'idle';

  function start(scope: ReadScope) {
    const where = here();
    if (!where) return;
    const side = where.side ?? choice;
    if (side !== choice) onChoice(side);
    reader.play(side, where, scope);
  }
  function toggle() {
    if (status === 'playing') reader.pause();
    else if (status === 'paused') reader.resume();
    else if (status === 'idle') start('onward');
  }

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
    if (document.querySelector('dialog[open]')) return;
    const act: Record<string, () => void> = {
      r: () => start('onward'),
      R: () => start('paragraph'),
      p: toggle,
      P: toggle,
      s: () => active && reader.stop(),
      S: () => active && reader.stop(),
      '+': () => reader.setRate(shiftRate(reader.rate, 1)),
      '=': () => reader.setRate(shiftRate(reader.rate, 1)),
      '-': () => reader.setRate(shiftRate(reader.rate, -1)),
    };
    const action = act[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const language = (side: ReadSide) => t(side === 'es' ? 'spanish' : 'english');
  let message: string | null = null;
  if (problem?.code === 'unsupported') message = t('unsupported');
  else if (problem?.code === 'no_voice') message = t('noVoice', { language: language(problem.side) });
  else if (problem?.code === 'failed') message = t('failed');
  else if (status === 'starting') message = t('starting');
  else if (status === 'waiting' && reader.at) message = t('waiting', { number: reader.at.paragraph + 1 });
  else if ((status === 'playing' || status === 'paused') && reader.at && reader.side)
    message = t(status === 'paused' ? 'pausedAt' : 'readingAt', {
      number: reader.at.paragraph + 1,
      language: language(reader.side),
    });

  return (
    <div className="read-aloud" role="group" aria-label={t('label')}>
      <button
        type="button"
        className="button"
        onClick={toggle}
        aria-keyshortcuts={status === 'idle' ? 'R' : 'P'}
        disabled={status === 'starting' || status === 'waiting'}
      >
        {status === 'playing' ? t('pause') : status === 'paused' ? t('resume') : t('fromHere')}
      </button>
      {active ? (
        <button type="button" className="button button-quiet" onClick={reader.stop} aria-keyshortcuts="S">
          {t('stop')}
        </button>
      ) : null}
      <p className={`read-aloud-status${problem ? ' error' : ''}`} role="status" aria-live="polite">
        {message}
      </p>
      {active && reader.side === 'en' && readingTestOutput ? (
        <span className="badge badge-test">{tr('testModelBadge')}</span>
      ) : null}
    </div>
  );
}

/** The read-aloud settings in the toolbar's panel: which column, this paragraph alone, and the speed. */
export function ReadAloudSettings({ reader, choice, here, onChoice }: Props) {
  const t = useTranslations('readAloud');
  const id = useId();
  return (
    <div className="read-aloud-settings">
      <fieldset className="segmented">
        <legend>{t('column')}</legend>
        {(['es', 'en'] as const).map((side) => (
          <label key={side} className={side === choice ? 'checked' : undefined}>
            <input
              type="radio"
              name="read-aloud-side"
              value={side}
              checked={side === choice}
              onChange={() => onChoice(side)}
            />
            <span>{t(side === 'es' ? 'spanishColumn' : 'englishColumn')}</span>
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        className="button button-quiet"
        aria-keyshortcuts="Shift+R"
        onClick={() => {
          const where = here();
          if (where) reader.play(choice, { paragraph: where.paragraph, sentence: 0 }, 'paragraph');
        }}
      >
        {t('paragraph')}
      </button>
      <label htmlFor={`${id}-rate`} className="read-aloud-rate">
        {t('speed')}
      </label>
      <select
        id={`${id}-rate`}
        value={String(reader.rate)}
        onChange={(e) => reader.setRate(Number(e.currentTarget.value))}
      >
        {READ_RATES.map((r) => (
          <option key={r} value={String(r)}>
            {t('rate', { rate: r })}
          </option>
        ))}
      </select>
    </div>
  );
}
