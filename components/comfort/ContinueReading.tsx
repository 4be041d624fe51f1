'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useSyncExternalStore } from 'react';
import { parsePlace, placeHref, positionKey } from './position';

function subscribe(onChange: () => void) {
  window.addEventListener('storage', onChange);
  return () => window.removeEventListener('storage', onChange);
}

function stored(slug: string): string | null {
  try {
    return localStorage.getItem(positionKey(slug));
  } catch {
    return null;
  }
}

/** The library's "Continue reading" link to where this browser last read a document, with the chapter's name (Spanish). */
export default function ContinueReading({ slug }: { slug: string }) {
  const t = useTranslations('comfort');
  const locale = useLocale();
  // Nothing on the server (it has no storage); the browser fills the link in as it hydrates.
  const raw = useSyncExternalStore(
    subscribe,
    () => stored(slug),
    () => null,
  );
  const place = parsePlace(raw);
  if (!place) return null;
  return (
    <p className="continue-reading">
      {/* A whole page load, not the client router: the router kept the hash of the last visit ("#p-111#p-115"). */}
      <a href={`/${locale}${placeHref(slug, place.index)}`}>
        {place.chapter
          ? t.rich('continueAt', { name: place.chapter, chapter: (text) => <span lang="es">{text}</span> })
          : t('continueAtParagraph', { number: place.index + 1 })}
      </a>
    </p>
  );
}
