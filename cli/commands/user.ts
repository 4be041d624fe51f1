import crypto from 'node:crypto';
import { Option, type Command } from 'commander';
import { openConfiguredAccess, ROLES, type Directory, type Role, type UserRecord } from '../../lib/access';
import type { DirectoryResult } from '../../lib/access/types';
import type { CliContext } from '../context';
import { CliExit, err, out } from '../context';

/**
 * Runs `fn` with the accounts of the configured database open: the SQLite file on this machine, or the team server's
 * PostgreSQL database (PARALELO_DATABASE_URL).
 */
export async function withDirectory<T>(ctx: CliContext, fn: (directory: Directory) => Promise<T>): Promise<T> {
  const access = await openConfiguredAccess(ctx.config);
  try {
    return await fn(access.directory);
  } finally {
    await access.close().catch(() => {});
  }
}

/** Prints the outcome of a directory change, or its reason and exit 1. */
export function report<T>(ctx: CliContext, result: DirectoryResult<T>, done: (value: T) => string, who: string): T {
  if (result.ok) {
    out(ctx, done(result.value));
    return result.value;
  }
  err(ctx, ctx.t(`user.errors.${result.code}`, { email: who }));
  throw new CliExit(1);
}

async function readPassword(
  ctx: CliContext,
  fromStdin: boolean | undefined,
): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: crypto.randomBytes(15).toString('base64url'), generated: true };
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  return { password, generated: false };
}

function line(ctx: CliContext, u: UserRecord): string {
  return ctx.t('user.line', { email: u.email, name: u.name, role: u.role, disabled: u.disabled ? 'yes' : 'no' });
}

const roleOption = () =>
  new Option('-r, --role <role>', 'reader | translator | reviewer | admin').choices(ROLES).default('translator');

/** `paralelo user add|list|role|disable|enable|password`: accounts, in the local database. */
export function registerUserCommands(program: Command, ctx: CliContext): void {
  const user = program.command('user').description(ctx.t('user.description'));
  user
    .command('add')
    .description(ctx.t('user.add.description'))
    .argument('<email>', ctx.t('user.emailArgument'))
    .requiredOption('-n, --name <name>', ctx.t('user.add.nameOption'))
    .addOption(roleOption())
    .option('--password-stdin', ctx.t('user.passwordStdin'))
    .action((email: string, opts: { name: string; role: Role; passwordStdin?: boolean }) =>
      withDirectory(ctx, async (directory) => {
        const { password, generated } = await readPassword(ctx, opts.passwordStdin);
        const added = await directory.addUser({ email, name: opts.name, role: opts.role, password });
        const u = report(ctx, added, (u) => ctx.t('user.add.done', { email: u.email, role: u.role }), email);
        if (generated) out(ctx, ctx.t('user.generated', { email: u.email, password }));
      }),
    );
  user
    .command('list')
    .description(ctx.t('user.list.description'))
    .option('--json', ctx.t('user.list.jsonOption'))
    .action((opts: { json?: boolean }) =>
      withDirectory(ctx, async (directory) => {
        const users = (await directory.listUsers()).filter((u) => !u.local);
        if (opts.json) ctx.stdout.write(`${JSON.stringify({ users }, null, 2)}\n`);
        else if (users.length === 0) out(ctx, ctx.t('user.list.empty'));
        else for (const u of users) out(ctx, line(ctx, u));
      }),
    );
  user
    .command('role')
    .description(ctx.t('user.role.description'))
    .argument('<email>', ctx.t('user.emailArgument'))
    .argument('<role>', ROLES.join(' | '))
    .action((email: string, role: string) =>
      withDirectory(ctx, async (directory) => {
        if (!(ROLES as readonly string[]).includes(role)) {
          err(ctx, ctx.t('user.errors.bad_role', { role }));
          throw new CliExit(2);
        }
        report(
          ctx,
          await directory.setRole(email, role as Role),
          (u) => ctx.t('user.role.done', { email: u.email, role: u.role }),
          email,
        );
      }),
    );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .description(ctx.t(`user.${name}.description`))
      .argument('<email>', ctx.t('user.emailArgument'))
      .action((email: string) =>
        withDirectory(ctx, async (directory) => {
          report(
            ctx,
            await directory.setDisabled(email, disabled),
            (u) => ctx.t(`user.${name}.done`, { email: u.email }),
            email,
          );
        }),
      );
  }
  user
    .command('password')
    .description(ctx.t('user.password.description'))
    .argument('<email>', ctx.t('user.emailArgument'))
    .option('--password-stdin', ctx.t('user.passwordStdin'))
    .action((email: string, opts: { passwordStdin?: boolean }) =>
      withDirectory(ctx, async (directory) => {
        const { password, generated } = await readPassword(ctx, opts.passwordStdin);
        const u = report(
          ctx,
          await directory.setPassword(email, password),
          (u) => ctx.t('user.password.done', { email: u.email }),
          email,
        );
        if (generated) out(ctx, ctx.t('user.generated', { email: u.email, password }));
      }),
    );
}
