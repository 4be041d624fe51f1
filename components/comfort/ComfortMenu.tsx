'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useId, useRef, useState } from 'react';
import { rememberCookie } from '@/components/common/remember-cookie';
import { useDismiss } from '@/components/common/use-dismiss';
import { COMFORT_COOKIES, LINE_WIDTHS, TEXT_SIZES, THEMES, comfortAttributes, type Comfort } from './comfort';

/**
 * The header's Display menu: theme, text size and line width. A choice applies at once (attributes on <html>) and
 * goes to a cookie, which the server reads for the next page's first paint. Esc (focus anywhere in it) and a click
 * outside close it.
 */
export default function ComfortMenu({ initial }: { initial: Comfort }) {
  const t = useTranslations('comfort');
  const [open, setOpen] = useState(false);
  const [comfort, setComfort] = useState(initial);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  function choose<K extends keyof Comfort>(key: K, value: Comfort[K]) {
    const next = { ...comfort, [key]: value };
    setComfort(next);
    rememberCookie(COMFORT_COOKIES[key], value);
    for (const [name, v] of Object.entries(comfortAttributes(next))) document.documentElement.setAttribute(name, v);
  }

  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    root,
    toggle,
    open,
    useCallback(() => setOpen(false), []),
  );

  const group = <K extends keyof Comfort>(
    key: K,
    choices: readonly Comfort[K][],
    legend: string,
    nameOf: (choice: Comfort[K]) => string,
  ) => (
    <fieldset className="segmented">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice} className={choice === comfort[key] ? 'checked' : undefined}>
          <input
            type="radio"
            name={`comfort-${key}`}
            value={choice}
            checked={choice === comfort[key]}
            onChange={() => choose(key, choice)}
          />
          <span>{nameOf(choice)}</span>
        </label>
      ))}
    </fieldset>
  );

  return (
    <div className="comfort" ref={root}>
      <button
        ref={toggle}
        type="button"
        className="button button-quiet"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {t('display')}
      </button>
      <div id={panelId} className="comfort-panel" role="group" aria-label={t('display')} hidden={!open}>
        {group('theme', THEMES, t('theme.label'), (c) => t(`theme.${c}`))}
        {group('size', TEXT_SIZES, t('size.label'), (c) => t(`size.${c}`))}
        {group('width', LINE_WIDTHS, t('width.label'), (c) => t(`width.${c}`))}
      </div>
    </div>
  );
}
