'use client';

import { useTranslations } from 'next-intl';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { rememberCookie as remember } from '@/components/common/remember-cookie';
import { SWAP_COOKIE, VIEW_COOKIE, VIEW_MODES, type ViewMode } from '@/components/common/view-mode';

/** Radio group of reading modes and the column swap; the choice goes to the URL and a cookie (the default next time). */
export default function ReadingModeSwitch({ view, swap }: { view: ViewMode; swap: boolean }) {
  const t = useTranslations('reader.modes');
  const router = useRouter();
  const search = useSearchParams();
  const [pending, startTransition] = useTransition();
  // Shown at once; the page re-renders with the same values when the navigation lands. The ref holds the latest
  // choice so two quick changes (mode, then swap) build on each other rather than on a URL not yet updated.
  const [shown, setShown] = useState({ view, swap });
  const [landed, setLanded] = useState({ view, swap });
  if (landed.view !== view || landed.swap !== swap) {
    setLanded({ view, swap });
    setShown({ view, swap });
  }
  const latest = useRef({ view, swap });
  useEffect(() => {
    latest.current = { view, swap };
  }, [view, swap]);

  function go(next: { view?: ViewMode; swap?: boolean }) {
    const merged = { view: next.view ?? latest.current.view, swap: next.swap ?? latest.current.swap };
    latest.current = merged;
    setShown(merged);
    const params = new URLSearchParams(search.toString());
    params.set('view', merged.view);
    params.set('swap', merged.swap ? '1' : '0');
    remember(VIEW_COOKIE, merged.view);
    remember(SWAP_COOKIE, merged.swap ? '1' : '0');
    startTransition(() => router.replace(`${window.location.pathname}?${params.toString()}`, { scroll: false }));
  }

  return (
    <div className="mode-bar" aria-busy={pending}>
      <fieldset className="segmented">
        <legend>{t('label')}</legend>
        {VIEW_MODES.map((mode) => (
          <label key={mode} className={mode === shown.view ? 'checked' : undefined}>
            <input
              type="radio"
              name="view"
              value={mode}
              checked={mode === shown.view}
              onChange={() => go({ view: mode })}
            />
            <span>{t(mode)}</span>
          </label>
        ))}
      </fieldset>
      <label className={`toggle${shown.view === 'es' || shown.view === 'en' ? ' inert' : ''}`}>
        <input
          type="checkbox"
          checked={shown.swap}
          disabled={shown.view === 'es' || shown.view === 'en'}
          onChange={(e) => go({ swap: e.currentTarget.checked })}
        />
        <span>{t('swap')}</span>
      </label>
    </div>
  );
}
