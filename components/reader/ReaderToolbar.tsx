'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from '@/components/common/use-dismiss';

/**
 * The reader's toolbar, sticky at the top while reading: a line that always shows (read aloud), and a panel with the
 * reading modes, read-aloud settings, translation and review progress and the translation import. Where those would
 * crowd the text (below 60rem, phones and tablets) the panel folds behind the line's Tools button; on wide screens
 * it lies open above the rows and only the line sticks. Its height is published as --toolbar-h on the reader, so
 * the sticky column heads and rows reached by a link stop below it.
 */
export default function ReaderToolbar({ line, children }: { line: ReactNode; children: ReactNode }) {
  const t = useTranslations('readerTools');
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const lineRef = useRef<HTMLDivElement>(null);
  useDismiss(
    root,
    toggle,
    open,
    useCallback(() => setOpen(false), []),
  );

  useEffect(() => {
    const toolbar = root.current;
    const bar = lineRef.current;
    const reader = toolbar?.closest<HTMLElement>('.reader');
    if (!toolbar || !bar || !reader || typeof ResizeObserver === 'undefined') return;
    const publish = () => {
      // With `display: contents` (wide screens) the toolbar has no box of its own: its line is what sticks.
      const sticky = getComputedStyle(toolbar).display === 'contents' ? bar : toolbar;
      reader.style.setProperty('--toolbar-h', `${Math.ceil(sticky.getBoundingClientRect().height)}px`);
    };
    const observer = new ResizeObserver(publish);
    observer.observe(toolbar);
    observer.observe(bar);
    window.addEventListener('resize', publish);
    publish();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', publish);
    };
  }, []);

  return (
    <div ref={root} className={`reader-toolbar${open ? ' open' : ''}`}>
      <div ref={lineRef} className="toolbar-line">
        <button
          ref={toggle}
          type="button"
          className="button toolbar-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          {t('tools')}
        </button>
        {line}
      </div>
      <div id={panelId} className="toolbar-panel">
        {children}
      </div>
    </div>
  );
}
