import { Command, CommanderError } from 'commander';
import { loadConfig } from '../lib/config';
import { version } from '../package.json';
import { registerCommands } from './commands';
import type { CliContext } from './context';
import { CliExit } from './context';
import { printError } from './errors';
import { createTranslator, detectLanguage } from './i18n';

/** Exit codes: 0 ok, 1 failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface MainIo {
  env?: NodeJS.ProcessEnv;
  stdout?: CliContext['stdout'];
  stderr?: CliContext['stderr'];
}

/** Builds the `paralelo` program for a context (exposed so tests and other front doors can inspect it). */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('paralelo');
  program
    .description(ctx.t('description'))
    .version(version, '-V, --version', ctx.t('version'))
    .helpOption('-h, --help', ctx.t('help'))
    .helpCommand(false)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });
  registerCommands(program, ctx);
  return program;
}

/** Runs the CLI with the user's arguments (without node and script); resolves to the exit code. */
export async function main(args: readonly string[], io: MainIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  // The CLI answers one person: nobody waits on its thread, and starting a parse thread (tsx compiling the parsers
  // again) took seconds of a small import. The input bounds hold either way; PARALELO_PARSE_THREADS=1 restores it.
  process.env.PARALELO_PARSE_THREADS ??= env.PARALELO_PARSE_THREADS ?? '0';
  const { t, language } = createTranslator(detectLanguage(env));
  const ctx: CliContext = {
    config: loadConfig(env),
    t,
    language,
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env,
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // Commander has already printed its own line ("error: unknown option ..."); add where to look.
      const command = args
        .filter((a) => !a.startsWith('-'))
        .slice(0, 2)
        .join(' ');
      ctx.stderr.write(t('usageHint', { command: command.length > 0 ? command : '' }).replace('  ', ' ') + '\n');
      return EXIT.usage;
    }
    printError(ctx, error);
    return EXIT.failure;
  }
}
