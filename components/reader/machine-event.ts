import type { ParagraphView, TargetView, TranslationSummary } from '@/lib/documents/types';

/** Machine sentences streamed for a paragraph, as the English the reader shows when nothing human is there. */
export function machineTarget(
  targets: string[],
  summary: Pick<TranslationSummary, 'modelId' | 'testModel'>,
): TargetView {
  return {
    text: targets.join(' ').trim(),
    sentences: targets,
    origin: 'machine',
    status: 'machine',
    modelId: summary.modelId,
    testModel: summary.testModel,
    alignment: targets.map((_, i) => ({ source: [i], target: [i], confidence: 1 })),
  };
}

/**
 * A paragraph's view once its machine output streams in. Human work (a revision, a memory match) is never replaced:
 * like the server, machine output newer than the one a revision was made from is offered as a suggestion. The other
 * flags (source changed, check alignment) stay as the server computed them.
 */
export function withMachineOutput(
  view: ParagraphView,
  targets: string[],
  summary: Pick<TranslationSummary, 'modelId' | 'testModel'>,
): ParagraphView {
  const target = machineTarget(targets, summary);
  const machine = {
    text: target.text,
    sentences: target.sentences,
    modelId: target.modelId,
    testModel: target.testModel,
  };
  const keep = view.target !== null && view.target.origin !== 'machine';
  const revision = view.revision ?? null;
  const flags = {
    ...view.flags,
    sourceChanged: view.flags?.sourceChanged ?? false,
    newSuggestion: revision && revision.machineText !== machine.text ? machine.text : null,
  };
  if (keep) return { ...view, machine, flags };
  return { ...view, machine, flags, target, alignment: target.alignment };
}
