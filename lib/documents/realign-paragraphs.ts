/**
 * Fixing where one paragraph's English ends and the next one's starts (after an import, or any human text): join
 * the next paragraph's English onto this one, push this one's last sentence to the next, or pull the next one's
 * first sentence back. Both paragraphs get a revision of kind 'align' through the normal If-Match path, written as
 * one change: both or neither.
 */
import { appendParagraphRevisions, openParagraph, type EditDeps, type EditFailure } from './save-revision';
import { joinSentences } from '../text/join-sentences';
import type { ParagraphView, RevisionView } from './types';

export type RealignAction = 'join' | 'pushLast' | 'pullFirst';

export const REALIGN_ACTIONS: readonly RealignAction[] = ['join', 'pushLast', 'pullFirst'];

export interface RealignRequest {
  slug: string;
  /** The paragraph whose end moves; the other one is index + 1. */
  index: number;
  action: RealignAction;
  /** If-Match of each paragraph (null: no revision yet; 'absent': not sent). */
  versions: { current: number | null | 'absent'; next: number | null | 'absent' };
  author: string | null;
  clientSaveId: string;
}

export type RealignResult =
  | { ok: true; revisions: RevisionView[]; paragraphs: [ParagraphView, ParagraphView] }
  | Exclude<EditFailure, { code: 'conflict' }>
  | { ok: false; code: 'conflict'; message: string; current: [ParagraphView, ParagraphView] }
  | { ok: false; code: 'nothing_to_move'; message: string };

const sentencesOf = (p: ParagraphView) => (p.target && p.target.text.trim() !== '' ? p.target.sentences : []);

/** The two new English texts an action makes, or null when there is nothing to move. */
export function realignTexts(action: RealignAction, a: string[], b: string[]): [string, string] | null {
  if (action === 'join') return b.length === 0 ? null : [joinSentences([...a, ...b]), ''];
  if (action === 'pushLast')
    return a.length === 0 ? null : [joinSentences(a.slice(0, -1)), joinSentences([a.at(-1)!, ...b])];
  return b.length === 0 ? null : [joinSentences([...a, b[0]!]), joinSentences(b.slice(1))];
}

/** Moves a sentence boundary between paragraph `index` and the next one; two revisions, or nothing on a conflict. */
export async function realignParagraphs(deps: EditDeps, req: RealignRequest): Promise<RealignResult> {
  const [a, b] = await Promise.all([
    openParagraph(deps, req.slug, req.index),
    openParagraph(deps, req.slug, req.index + 1),
  ]);
  if (!a.ok) return a;
  if (!b.ok) return b;
  if (req.versions.current === 'absent' || req.versions.next === 'absent')
    return {
      ok: false,
      code: 'precondition_required',
      message: 'Send the version of this paragraph in If-Match and the next one\'s as "nextVersion".',
    };
  const stale =
    String(req.versions.current ?? 0) !== a.paragraph.version || String(req.versions.next ?? 0) !== b.paragraph.version;
  if (stale)
    return {
      ok: false,
      code: 'conflict',
      message: `Paragraph ${req.index} or ${req.index + 1} of "${req.slug}" was saved by someone else since you opened it. Nothing was changed.`,
      current: [a.paragraph, b.paragraph],
    };
  const texts = realignTexts(req.action, sentencesOf(a.paragraph), sentencesOf(b.paragraph));
  if (!texts) return { ok: false, code: 'nothing_to_move', message: `There is no sentence to move (${req.action}).` };
  const common = { status: 'edited' as const, author: req.author, kind: 'align' as const };
  // One change: both revisions are written in one transaction, or neither (someone saved one of the two paragraphs
  // between the check above and this write).
  const written = await appendParagraphRevisions(deps, [
    {
      target: { slug: req.slug, index: req.index, baseVersion: req.versions.current },
      fields: { ...common, text: texts[0], clientSaveId: `${req.clientSaveId}:0` },
    },
    {
      target: { slug: req.slug, index: req.index + 1, baseVersion: req.versions.next },
      fields: { ...common, text: texts[1], clientSaveId: `${req.clientSaveId}:1` },
    },
  ]);
  if (!written.ok) return written.code === 'conflict' ? conflictOf(deps, req, written.message) : written;
  const [first, second] = written.results as [(typeof written.results)[0], (typeof written.results)[0]];
  return { ok: true, revisions: [first.revision, second.revision], paragraphs: [first.paragraph, second.paragraph] };
}

async function conflictOf(deps: EditDeps, req: RealignRequest, message: string): Promise<RealignResult> {
  const [a, b] = await Promise.all([
    openParagraph(deps, req.slug, req.index),
    openParagraph(deps, req.slug, req.index + 1),
  ]);
  if (!a.ok) return a;
  if (!b.ok) return b;
  return { ok: false, code: 'conflict', message, current: [a.paragraph, b.paragraph] };
}
