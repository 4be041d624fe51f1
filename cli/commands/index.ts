import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerAlignCommands } from './align';
import { registerCheckCommands } from './check';
import { registerDeleteCommands } from './delete';
import { registerExportCommands } from './export';
import { registerGlossaryCommands } from './glossary';
import { registerImportCommands } from './import';
import { registerModelCommands } from './model';
import { registerServeCommands } from './serve';
import { registerTokenCommands } from './token';
import { registerUserCommands } from './user';
import { registerStatusCommands } from './status';
import { registerTranslateCommands } from './translate';
import { registerWorkerCommands } from './worker';

/**
 * Every command group of `paralelo`, one module each. To add one (translate, import, export):
 * write commands/<name>.ts exporting register<Name>Commands(program, ctx), put its strings under
 * "cli.<name>" in messages/{es,en}.json, and add it to this list.
 */
export const COMMAND_GROUPS: ReadonlyArray<(program: Command, ctx: CliContext) => void> = [
  registerModelCommands,
  registerTranslateCommands,
  registerImportCommands,
  registerDeleteCommands,
  registerExportCommands,
  registerAlignCommands,
  registerStatusCommands,
  registerCheckCommands,
  registerGlossaryCommands,
  registerWorkerCommands,
  registerServeCommands,
  registerUserCommands,
  registerTokenCommands,
];

/** Registers all command groups on the program. */
export function registerCommands(program: Command, ctx: CliContext): void {
  for (const register of COMMAND_GROUPS) register(program, ctx);
}
