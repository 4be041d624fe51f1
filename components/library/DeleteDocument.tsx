'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { deleteDocument } from '@/components/common/api';
import { useIdentity } from '@/components/common/identity-context';

/** An admin's "Delete" on a library entry: asks first, then takes the document out (its file and revisions are kept). */
export default function DeleteDocument({ slug, title }: { slug: string; title: string }) {
  const t = useTranslations('library.delete');
  const router = useRouter();
  const { may } = useIdentity();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  if (!may('deleteDocument')) return null;
  async function onDelete() {
    if (!window.confirm(t('confirm', { title }))) return;
    setBusy(true);
    setFailed(null);
    const result = await deleteDocument(slug);
    setBusy(false);
    if (result === true) router.refresh();
    else setFailed(t('failed', { message: result.message }));
  }
  return (
    <>
      <button
        type="button"
        className="library-delete"
        onClick={onDelete}
        disabled={busy}
        aria-label={t('label', { title })}
      >
        {t('button')}
      </button>
      {failed ? (
        <span role="alert" className="library-delete-failed">
          {failed}
        </span>
      ) : null}
    </>
  );
}
