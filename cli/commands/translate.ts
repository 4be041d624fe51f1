import fs from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { isTestModelId } from '../../lib/config';
import {
  isValidSlug,
  parseContent,
  slugFromFileName,
  type ContentSource,
  type SourceDocument,
} from '../../lib/content';
import { exportDocumentOf } from '../../lib/documents/export-document';
import { openLibrary } from '../../lib/documents/context';
import { attachTranslations, documentView, loadSourceDocument } from '../../lib/documents/open-document';
import { translateDocument } from '../../lib/documents/translate-document';
import { TranslationJobs } from '../../lib/documents/translation-job';
import { renderBilingual, type BilingualFormat } from '../../lib/exchange/bilingual-text';
import { EngineError, type EngineErrorCode } from '../../lib/mt/engine';
import { checkModelFiles, checkToError } from '../../lib/mt/model/model-files';
import { resolveModel } from '../../lib/mt/model/registry';
import { createTransformersEngine } from '../../lib/mt/translate/transformers-engine';
import type { CliContext } from '../context';
import { CliExit, err } from '../context';
import { writeAtomically } from '../write-file';

// json: the whole document view, as GET /api/documents/:slug gives it.
type TranslateFormat = BilingualFormat | 'json';
const FORMATS: TranslateFormat[] = ['markdown', 'text', 'json'];
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** A slug of the library, else a path to a .md or .txt file anywhere (the user's own machine). */
async function resolveDocument(ctx: CliContext, content: ContentSource, arg: string): Promise<SourceDocument> {
  if (isValidSlug(arg)) {
    const loaded = await loadSourceDocument(content, arg);
    if (loaded.ok) return loaded.document;
    if (loaded.code !== 'not_found') {
      err(ctx, ctx.t('translate.unreadable', { message: loaded.message }));
      throw new CliExit(1);
    }
  }
  const file = path.resolve(arg);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat || !stat.isFile()) {
    err(ctx, ctx.t('translate.notFound', { arg, dir: content.where }));
    throw new CliExit(1);
  }
  if (stat.size > MAX_FILE_BYTES) {
    err(ctx, ctx.t('translate.tooLarge', { file, limit: MAX_FILE_BYTES }));
    throw new CliExit(1);
  }
  const fileName = path.basename(file);
  const parsed = parseContent(
    {
      slug: slugFromFileName(fileName) ?? 'document',
      fileName,
      format: /\.md$/i.test(fileName) ? 'markdown' : 'text',
    },
    await fs.readFile(file),
  );
  if (!parsed.ok) {
    err(ctx, ctx.t('translate.unreadable', { message: parsed.problem.message }));
    throw new CliExit(1);
  }
  return parsed.document;
}

async function runTranslate(ctx: CliContext, arg: string, opts: { out?: string; format: TranslateFormat }) {
  const library = await openLibrary(ctx.config);
  try {
    await translateWith(ctx, library, arg, opts);
  } finally {
    await library.close().catch(() => {});
  }
}

async function translateWith(
  ctx: CliContext,
  { store, content }: Awaited<ReturnType<typeof openLibrary>>,
  arg: string,
  opts: { out?: string; format: TranslateFormat },
) {
  const doc = await resolveDocument(ctx, content, arg);
  const spec = resolveModel(ctx.config);
  const problem = checkToError(spec, await checkModelFiles(spec, { hash: false }));
  if (problem) throw problem;
  const testModel = isTestModelId(ctx.config.modelId);
  if (testModel) err(ctx, ctx.t('translate.testModelWarning', { modelId: ctx.config.modelId }));

  const engine = createTransformersEngine(ctx.config, {
    root: ctx.config.root,
    decoderThreads: ctx.config.decoderThreads,
  });
  const jobs = new TranslationJobs({ store, modelId: ctx.config.modelId, getEngine: () => engine });
  const total = doc.paragraphs.length;
  const bar = ctx.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: ctx.stderr as NodeJS.WriteStream,
          format: `{bar} {value}/{total} ${ctx.t('translate.paragraphs')}`,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    err(ctx, ctx.t('translate.start', { title: doc.title, paragraphs: total }));
    const outcome = await translateDocument({ jobs, store, modelId: ctx.config.modelId }, doc, {
      signal: abort.signal,
      onEvent: (event) => {
        if (event.type === 'progress') bar?.update(event.done);
      },
    });
    bar?.stop();
    const { snapshot } = outcome;
    if (snapshot.status === 'failed') {
      throw new EngineError((snapshot.errorCode ?? 'engine_failed') as EngineErrorCode, snapshot.errorMessage ?? '');
    }
    const { paragraphs, summary, review } = await attachTranslations(
      {
        content,
        modelId: ctx.config.modelId,
        testModel,
        lookup: (modelId, keys) => store.getMachineTranslations(modelId, keys),
      },
      doc,
    );
    const view = documentView(doc, paragraphs, summary, review);
    const text =
      opts.format === 'json'
        ? JSON.stringify(view, null, 2) + '\n'
        : renderBilingual(exportDocumentOf(view), opts.format, {
            untranslated: ctx.t('translate.untranslated'),
            testModel: ctx.t('translate.testModelLabel'),
          });
    if (opts.out) {
      await writeAtomically(path.resolve(opts.out), text);
      err(ctx, ctx.t('translate.written', { file: path.resolve(opts.out) }));
    } else {
      ctx.stdout.write(text);
    }
    err(
      ctx,
      ctx.t('translate.summary', {
        sentences: outcome.sentences,
        translated: outcome.translated,
        cached: outcome.fromCache,
        done: summary.done,
        total: summary.total,
      }),
    );
    if (snapshot.status === 'cancelled') {
      err(ctx, ctx.t('translate.cancelled', { done: summary.done, total: summary.total }));
      throw new CliExit(130);
    }
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    await engine.dispose().catch(() => {});
  }
}

/** `paralelo translate <slug|file>`: translates a document with a progress bar and prints the bilingual result. */
export function registerTranslateCommands(program: Command, ctx: CliContext): void {
  program
    .command('translate')
    .description(ctx.t('translate.description'))
    .argument('<document>', ctx.t('translate.documentArgument'))
    .option('-o, --out <file>', ctx.t('translate.outOption'))
    .addOption(
      new Option('-f, --format <format>', ctx.t('translate.formatOption')).choices(FORMATS).default('markdown'),
    )
    .action((arg: string, opts: { out?: string; format: TranslateFormat }) => runTranslate(ctx, arg, opts));
}
