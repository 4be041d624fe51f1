'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useLayoutEffect, useRef } from 'react';

/** The text box's id (the editor gives it the focus back after a draft offer). */
export const textBoxId = (index: number) => `editor-text-${index}`;

type Props = {
  index: number;
  text: string;
  maxLength: number;
  /** In a conflict the box holds "your text", beside theirs. */
  mine: boolean;
  describedBy: string;
  onChange: (value: string) => void;
};

/** The editor's labelled text box: focused at the end on opening, as tall as its text, its length near the limit. */
export default function EditorTextBox({ index, text, maxLength, mine, describedBy, onChange }: Props) {
  const t = useTranslations('editor');
  const number = index + 1;
  const box = useRef<HTMLTextAreaElement>(null);
  // The length shows from 90% of the paragraph's limit on.
  const nearLimit = text.length > maxLength * 0.9;

  // Open with the cursor at the end of the text.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  // The box grows with its text (no inner scrollbar).
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [text]);

  return (
    <>
      <label className="sr-only" htmlFor={textBoxId(index)}>
        {mine ? t('form.yourText', { number }) : t('form.text', { number })}
      </label>
      <textarea
        id={textBoxId(index)}
        ref={box}
        className="editor-text"
        value={text}
        rows={3}
        spellCheck
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {nearLimit ? (
        <p className={`editor-length${text.length > maxLength ? ' error' : ''}`}>
          {t('form.length', { length: text.length, max: maxLength })}
        </p>
      ) : null}
    </>
  );
}
