import { guarded, json } from '../_shared/respond';
import { documentDeps, getAppContext } from '@/lib/documents/context';
import { listDocuments } from '@/lib/documents/open-document';

export const dynamic = 'force-dynamic';

/** GET /api/documents: every document of content/, with error entries for files that cannot be opened. */
export function GET() {
  return guarded(async () => {
    const ctx = await getAppContext();
    return json({ documents: await listDocuments(await documentDeps(ctx)) });
  });
}
