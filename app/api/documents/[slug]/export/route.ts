import { documentRoute, useCaseAnswer } from '../../../_shared/document-route';
import { apiError } from '../../../_shared/respond';
import { documentDeps } from '@/lib/documents/context';
import { exportDocument } from '@/lib/documents/export-document';
import { EXPORT_FORMATS, EXPORT_LAYOUTS, isExportFormat, isExportLayout } from '@/lib/exchange/export-formats';
import type { ExportLabels } from '@/lib/exchange/labels';
import en from '@/messages/en.json';
import es from '@/messages/es.json';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';

const LABELS: Record<'en' | 'es', ExportLabels> = { en: en.export.labels, es: es.export.labels };

/**
 * GET /api/documents/:slug/export?format=tmx|xliff12|xliff20|md|html|txt|epub|po|docx[&layout=bilingual|english]
 * [&lang=en|es]: the document with its current English as a download (labels for untranslated paragraphs and
 * test-model output in `lang`, English by default; `layout` for the EPUB only, bilingual by default).
 */
export const GET = documentRoute({ action: 'export' }, async ({ request, slug, context }) => {
  const url = new URL(request.url);
  const format = url.searchParams.get('format');
  if (!isExportFormat(format))
    return apiError(
      'bad_request',
      `Unknown export format "${String(format).slice(0, 20)}": use ${EXPORT_FORMATS.join(', ')}.`,
    );
  const layout = url.searchParams.get('layout');
  if (layout !== null && !isExportLayout(layout))
    return apiError('bad_request', `Unknown layout "${layout.slice(0, 20)}": use ${EXPORT_LAYOUTS.join(' or ')}.`);
  if (layout !== null && format !== 'epub')
    return apiError('bad_request', `layout is for the EPUB export only (format=epub), not for ${format}.`);
  const lang = url.searchParams.get('lang') === 'es' ? 'es' : 'en';
  const ctx = await context();
  const result = await exportDocument(
    await documentDeps(ctx),
    slug,
    format,
    LABELS[lang],
    { toolVersion: pkg.version, now: new Date() },
    { layout: layout ?? undefined },
  );
  if (!result.ok) return useCaseAnswer(result);
  return new Response(result.body, {
    headers: {
      'content-type': result.contentType,
      // The slug is [a-z0-9_-] only, so the plain form is already safe; filename* for strict clients.
      'content-disposition': `attachment; filename="${result.fileName}"; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
