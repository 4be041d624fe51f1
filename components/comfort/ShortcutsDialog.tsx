'use client';

import { useTranslations } from 'next-intl';
import { Fragment, useEffect, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { SHORTCUTS, isTyping } from './shortcuts';

// Keys with a name in the catalogs (comfort.keys.*); arrows, letters and "?" are shown as they are.
const NAMED_KEYS: Record<string, 'mod' | 'shift' | 'alt' | 'enter' | 'esc' | 'home' | 'end'> = {
  Mod: 'mod',
  Shift: 'shift',
  Alt: 'alt',
  Enter: 'enter',
  Esc: 'esc',
  Home: 'home',
  End: 'end',
};

/**
 * The keyboard shortcuts: a header button and the `?` key (outside text fields) open a modal <dialog> listing
 * them. Focus stays inside (showModal() and a Tab loop), Esc closes it, and focus goes back to where it was.
 */
export default function ShortcutsDialog() {
  const t = useTranslations('comfort');
  const dialog = useRef<HTMLDialogElement>(null);
  const before = useRef<HTMLElement | null>(null);

  function show() {
    const d = dialog.current;
    if (!d || d.open) return;
    before.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    d.showModal();
  }

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      e.preventDefault();
      show();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // showModal() makes the page inert, but Tab past the last button would leave for the browser's own controls.
  function keepFocus(e: ReactKeyboardEvent<HTMLDialogElement>) {
    if (e.key !== 'Tab') return;
    const focusable = [
      ...e.currentTarget.querySelectorAll<HTMLElement>('button, [href], [tabindex]:not([tabindex="-1"])'),
    ];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (e.shiftKey ? document.activeElement === first : document.activeElement === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }

  const keyName = (key: string) => {
    const named = NAMED_KEYS[key];
    return named ? t(`keys.${named}`) : key;
  };

  return (
    <>
      <button type="button" className="button button-quiet" aria-haspopup="dialog" onClick={show}>
        {t('shortcutsButton')}
      </button>
      <dialog
        ref={dialog}
        className="shortcuts"
        aria-labelledby="shortcuts-title"
        onKeyDown={keepFocus}
        onClose={() => {
          before.current?.focus();
          before.current = null;
        }}
      >
        <div className="shortcuts-head">
          <h2 id="shortcuts-title">{t('shortcutsTitle')}</h2>
          <button type="button" className="button button-quiet" onClick={() => dialog.current?.close()}>
            {t('close')}
          </button>
        </div>
        {SHORTCUTS.map((group) => (
          <section key={group.id} aria-labelledby={`shortcuts-${group.id}`}>
            <h3 id={`shortcuts-${group.id}`}>{t(`shortcutGroups.${group.id}`)}</h3>
            <dl>
              {group.shortcuts.map((s) => (
                <Fragment key={s.id}>
                  <dt>
                    {s.keys.map((combo, i) => (
                      <Fragment key={combo.join('+')}>
                        {i > 0 ? ` ${t('or')} ` : null}
                        {combo.map((key, j) => (
                          <Fragment key={key}>
                            {j > 0 ? '+' : null}
                            <kbd>{keyName(key)}</kbd>
                          </Fragment>
                        ))}
                      </Fragment>
                    ))}
                  </dt>
                  <dd>{t(`shortcuts.${s.id}`)}</dd>
                </Fragment>
              ))}
            </dl>
          </section>
        ))}
      </dialog>
    </>
  );
}
