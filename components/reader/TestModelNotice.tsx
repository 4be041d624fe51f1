import { useTranslations } from 'next-intl';

/** The notice that the English comes from a random test model: outside the folding toolbar, so it always shows. */
export default function TestModelNotice({ modelId }: { modelId: string }) {
  const t = useTranslations('reader');
  return (
    <p className="notice notice-test" role="note">
      {t('testModelNotice', { model: modelId })}
    </p>
  );
}
