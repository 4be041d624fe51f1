import { guard } from '../../_shared/access';
import { apiError, guarded } from '../../_shared/respond';
import { getAppContext } from '@/lib/documents/context';
import { exportGlossary } from '@/lib/documents/library-glossary';

export const dynamic = 'force-dynamic';

/** GET /api/glossary/export?format=tbx|csv: the library's glossary as a download (TBX-Basic or CSV). */
export function GET(request: Request) {
  return guarded(async () => {
    const who = await guard(request, { action: 'read' });
    if (who instanceof Response) return who;
    const format = new URL(request.url).searchParams.get('format');
    if (format !== 'tbx' && format !== 'csv')
      return apiError('bad_request', `Unknown glossary format "${String(format).slice(0, 20)}": use tbx or csv.`);
    const { store } = await getAppContext();
    const file = await exportGlossary(store, format);
    return new Response(file.body, {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
