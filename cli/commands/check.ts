import type { Command } from 'commander';
import { CHECK_IDS, type CheckId, type CheckReport, type ReportedFinding, type Span } from '../../lib/checks';
import { storeDeps } from '../../lib/documents/context';
import { checkDocument } from '../../lib/documents/document-checks';
import { storedGlossaryEntries } from '../../lib/documents/library-glossary';
import type { GlossaryEntry } from '../../lib/glossary';
import type { CliContext } from '../context';
import { CliExit, err, out, withLibrary } from '../context';
import { printReadProblems, readGlossaryFile } from './glossary';

interface CheckOptions {
  json?: boolean;
  glossary?: string;
  only?: string;
}

/** Exit codes of `paralelo check` (as cli/main.ts's EXIT): errors remain (1), a bad argument or file (2). */
const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Characters of context shown on each side of a highlighted span. */
const CONTEXT = 40;

/** The text around the first span, the spans marked ⟦…⟧; the whole text when there is no span. */
export function excerpt(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text.length > 2 * CONTEXT ? `${text.slice(0, 2 * CONTEXT)}…` : text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const from = Math.max(0, sorted[0]!.start - CONTEXT);
  const to = Math.min(text.length, Math.max(...sorted.map((s) => s.end)) + CONTEXT);
  let marked = '';
  let at = from;
  for (const s of sorted) {
    if (s.start < at) continue;
    marked += `${text.slice(at, s.start)}⟦${text.slice(s.start, s.end)}⟧`;
    at = s.end;
  }
  marked += text.slice(at, to);
  return `${from > 0 ? '…' : ''}${marked.replace(/\s+/gu, ' ')}${to < text.length ? '…' : ''}`;
}

/** Reads and compiles a glossary file, or prints why it cannot and exits 2 (a usage error: the file given is bad). */
async function loadGlossary(ctx: CliContext, file: string): Promise<GlossaryEntry[]> {
  const loaded = await readGlossaryFile(ctx, file);
  if (!loaded.ok) throw new CliExit(EXIT.usage);
  printReadProblems(ctx, loaded.read, loaded.name);
  if (!loaded.read.ok) throw new CliExit(EXIT.usage);
  err(ctx, ctx.t('check.glossaryLoaded', { file: loaded.name, entries: loaded.read.entries.length }));
  return loaded.read.entries;
}

function parseOnly(ctx: CliContext, only: string | undefined): CheckId[] | undefined {
  if (only === undefined) return undefined;
  const ids = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!(CHECK_IDS as readonly string[]).includes(id)) {
      err(ctx, ctx.t('check.unknownCheck', { check: id, checks: CHECK_IDS.join(', ') }));
      throw new CliExit(EXIT.usage);
    }
  }
  return ids as CheckId[];
}

/** A finding worded in the CLI's language. */
function wordFinding(ctx: CliContext, f: ReportedFinding): string {
  return ctx.t(`checks.${f.message}`, f.params);
}

function printReport(
  ctx: CliContext,
  doc: {
    title: string;
    slug: string;
    paragraphs: ReadonlyArray<{ index: number; source: string; target: { text: string } | null }>;
  },
  report: CheckReport,
  untranslated: number,
  testModel: boolean,
): void {
  out(
    ctx,
    ctx.t('check.header', { title: doc.title, slug: doc.slug, checked: report.paragraphsChecked, untranslated }),
  );
  if (testModel) out(ctx, ctx.t('check.testModel'));
  const byIndex = new Map(doc.paragraphs.map((p) => [p.index, p]));
  for (const f of report.findings) {
    const p = byIndex.get(f.paragraph);
    out(ctx, '');
    out(
      ctx,
      ctx.t('check.finding', {
        paragraph: f.paragraph + 1,
        severity: ctx.t(`checks.severity.${f.severity}`),
        check: ctx.t(`checks.names.${f.check}`),
        message: wordFinding(ctx, f),
      }) + (f.ignored ? ` ${ctx.t('check.ignored')}` : ''),
    );
    if (p) {
      out(ctx, `  ${ctx.t('check.source', { text: excerpt(p.source, f.source) })}`);
      if (p.target) out(ctx, `  ${ctx.t('check.target', { text: excerpt(p.target.text, f.target) })}`);
    }
  }
  out(ctx, '');
  for (const id of CHECK_IDS) {
    const c = report.counts[id];
    if (c.errors + c.warnings + c.ignored === 0) continue;
    out(ctx, ctx.t('check.count', { check: ctx.t(`checks.names.${id}`), ...c }));
  }
  const total = Object.values(report.counts).reduce(
    (sum, c) => ({
      errors: sum.errors + c.errors,
      warnings: sum.warnings + c.warnings,
      ignored: sum.ignored + c.ignored,
    }),
    { errors: 0, warnings: 0, ignored: 0 },
  );
  out(ctx, report.findings.length === 0 ? ctx.t('check.clean') : ctx.t('check.summary', { ...total }));
}

async function runCheck(ctx: CliContext, slug: string, opts: CheckOptions): Promise<void> {
  const only = parseOnly(ctx, opts.only);
  const glossary = opts.glossary ? await loadGlossary(ctx, opts.glossary) : undefined;
  const exitCode = await withLibrary(ctx, async (store, content) => {
    const deps = storeDeps(ctx.config, store, content);
    // The ignores recorded in the store (the reader's "Ignore") are applied: only unignored errors fail the run.
    // Without --glossary, the library's own (the glossary page's), if it has one.
    const terms = glossary ?? (await storedGlossaryEntries(store));
    const checked = await checkDocument(deps, store, slug, {
      ...(terms ? { glossary: terms } : {}),
      ...(only ? { only } : {}),
    });
    if (!checked.ok) {
      err(ctx, ctx.t('check.failed', { slug, message: checked.message }));
      return checked.code === 'not_found' || checked.code === 'invalid_slug' ? EXIT.usage : EXIT.failure;
    }
    const { report, withoutEnglish, testModel } = checked.checks;
    const doc = checked.document;
    if (opts.json) {
      const byIndex = new Map(doc.paragraphs.map((p) => [p.index, p]));
      const findings = report.findings.map((f) => ({
        ...f,
        text: wordFinding(ctx, f),
        testModel: testModel.includes(f.paragraph),
        sourceText: f.source.map((s) => byIndex.get(f.paragraph)!.source.slice(s.start, s.end)),
        targetText: f.target.map((s) => byIndex.get(f.paragraph)!.target!.text.slice(s.start, s.end)),
      }));
      ctx.stdout.write(
        `${JSON.stringify(
          {
            slug: doc.slug,
            title: doc.title,
            paragraphsChecked: report.paragraphsChecked,
            withoutEnglish,
            testModel,
            counts: report.counts,
            unignoredErrors: report.unignoredErrors,
            findings,
          },
          null,
          2,
        )}\n`,
      );
    } else printReport(ctx, doc, report, withoutEnglish.length, testModel.length > 0);
    return report.unignoredErrors > 0 ? EXIT.failure : EXIT.ok;
  });
  if (exitCode !== EXIT.ok) throw new CliExit(exitCode);
}

/** `paralelo check <slug> [--json] [--glossary file] [--only checks]`: QA checks; exit 1 while errors remain. */
export function registerCheckCommands(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description(ctx.t('check.description'))
    .argument('<slug>', ctx.t('check.slugArgument'))
    .option('--json', ctx.t('check.jsonOption'))
    .option('--glossary <file>', ctx.t('check.glossaryOption'))
    .option('--only <checks>', ctx.t('check.onlyOption', { checks: CHECK_IDS.join(',') }))
    .action((slug: string, opts: CheckOptions) => runCheck(ctx, slug, opts));
}
