'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { useIdentity } from '@/components/common/identity-context';
import { useEditorActions } from '@/components/common/editor-context';

/** A disclosure button showing the display name kept on the server, opening a one-field form to change it. */
export default function ProfileForm() {
  const t = useTranslations('editor');
  const { announce } = useEditorActions();
  const { user, rename } = useIdentity();
  const name = user?.name ?? '';
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const formId = useId();
  const inputId = useId();
  const helpId = useId();

  return (
    <div className="profile">
      <button
        ref={toggle}
        type="button"
        className="button button-quiet"
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen((o) => !o)}
      >
        {name ? t('profile.toggle', { name }) : t('profile.toggleEmpty')}
      </button>
      {open ? (
        <form
          id={formId}
          className="profile-form"
          onSubmit={(e) => {
            e.preventDefault();
            e.stopPropagation();
            const value = String(new FormData(e.currentTarget).get('displayName') ?? '').trim();
            void rename(value).then((ok) => {
              if (!ok) {
                announce(t('announce.profileFailed'));
                return;
              }
              announce(value ? t('announce.profileSaved', { name: value }) : t('announce.profileCleared'));
              setOpen(false);
              toggle.current?.focus();
            });
          }}
          onKeyDown={(e) => {
            // The editor's shortcuts stay out of this small form; Esc closes the form, not the editor.
            e.stopPropagation();
            if (e.key !== 'Escape') return;
            setOpen(false);
            toggle.current?.focus();
          }}
        >
          <label htmlFor={inputId}>{t('profile.label')}</label>
          <input
            id={inputId}
            name="displayName"
            defaultValue={name}
            maxLength={80}
            autoComplete="nickname"
            aria-describedby={helpId}
            autoFocus
          />
          <button type="submit" className="button">
            {t('profile.save')}
          </button>
          <p id={helpId} className="editor-note">
            {t('profile.help')}
          </p>
        </form>
      ) : null}
    </div>
  );
}
