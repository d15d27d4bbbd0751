// Runs one command line: commander reads it (cli/program.ts), the command runs, and the outcome or the error
// becomes an exit code (0 ok, 1 failed, 2 bad usage, 3 stopped waiting; see cli-errors.ts).

import { readFileSync } from 'node:fs';
import { type Command, CommanderError } from 'commander';
import { ApiError } from './api-client.js';
import { CliError, EXIT, type ExitCode, UsageError } from './cli-errors.js';
import { type CliIo, createCliIo } from './cli-io.js';
import { createCliScope } from './cli-scope.js';
import { commandPath } from './commands/command-context.js';
import { API_KEY_ENV } from './global-options.js';
import { createProgram } from './program.js';

const version = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
};

/** What the person reads for an API answer that is not a success. */
const describeApiError = (error: ApiError): { message: string; exitCode: ExitCode } => {
  if (error.status === 401) {
    return {
      message: `the API needs an API key: pass --api-key KEY or set ${API_KEY_ENV}`,
      exitCode: EXIT.failure,
    };
  }
  if (error.status === 403) {
    return {
      message: `the API refused the API key (HTTP 403): check --api-key or ${API_KEY_ENV}`,
      exitCode: EXIT.failure,
    };
  }
  if (error.status === 400) return { message: error.message, exitCode: EXIT.usage };
  if (error.status >= 500) {
    return {
      message: `the API failed (HTTP ${error.status}: ${error.message}); try again later`,
      exitCode: EXIT.failure,
    };
  }
  return { message: error.message, exitCode: EXIT.failure };
};

const quoted = (message: string): string => /'([^']*)'/.exec(message)?.[1] ?? '';

/** Commander's parse errors in the CLI's words, pointing at the help of the command they concern. */
const usageFromCommander = (error: CommanderError, program: Command, reached: Command): UsageError => {
  const path = commandPath(reached);
  const where = path || undefined;
  const subcommands = () => reached.commands.map((sub) => `${path} ${sub.name()}`).join(', ');
  const text = error.message.replace(/^error: /, '');
  switch (error.code) {
    case 'commander.unknownCommand':
      return reached === program
        ? new UsageError(
            `unknown command "${quoted(text)}"; the commands are: ${program.commands.map((c) => c.name()).join(', ')}`,
          )
        : new UsageError(`"${path}" has no subcommand "${quoted(text)}": ${subcommands()}`, where);
    case 'commander.help':
      return reached === program
        ? new UsageError('no command given')
        : new UsageError(`"${path}" needs a subcommand: ${subcommands()}`, where);
    case 'commander.unknownOption':
      return new UsageError(text.replace(/'([^']*)'/, '$1'), where);
    case 'commander.missingArgument':
      return new UsageError(`${path} needs ${quoted(text)}`, where);
    case 'commander.optionMissingArgument':
      return new UsageError(`${quoted(text).split(' ')[0]} needs a value`, where);
    case 'commander.missingMandatoryOptionValue':
      return new UsageError(`${path} needs ${quoted(text).replace(/<([^>]+)>/g, '$1')}`, where);
    case 'commander.excessArguments': {
      const expected = reached.registeredArguments.map((a) => a.name()).join(' ');
      return new UsageError(
        expected
          ? `${path} takes one ${expected} only`
          : `${path} takes no arguments; got "${reached.args.join(' ')}"`,
        where,
      );
    }
    default:
      return new UsageError(text, where);
  }
};

const report = (error: unknown, io: CliIo): ExitCode => {
  // The reader of stdout went away (`| head`): nothing left to say to anyone.
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return EXIT.ok;
  if (error instanceof UsageError) {
    io.note(`contacts-import: ${error.message}`);
    io.note(`Run \`contacts-import ${error.command ? `${error.command} ` : ''}--help\` for usage.`);
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    io.note(`contacts-import: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ApiError) {
    const { message, exitCode } = describeApiError(error);
    io.note(`contacts-import: ${message}`);
    return exitCode;
  }
  io.note(`contacts-import: unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (process.env.CONTACTS_IMPORT_DEBUG) io.note(String((error as Error)?.stack));
  else io.note('Set CONTACTS_IMPORT_DEBUG=1 to see the stack trace.');
  return EXIT.failure;
};

/** `help fields add` is `fields add --help`. */
const helpWords = (argv: readonly string[]): string[] =>
  argv[0] === 'help' ? [...argv.slice(1), '--help'] : [...argv];

export const runCli = async (
  argv: readonly string[],
  io: CliIo = createCliIo(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> => {
  const scope = createCliScope(io, env);
  let printed = '';
  const { program, reached } = createProgram(scope, version(), (text) => {
    printed += text;
  });
  try {
    await program.parseAsync(helpWords(argv), { from: 'user' });
    return scope.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        await io.write(printed);
        return EXIT.ok;
      }
      return report(usageFromCommander(error, program, reached()), io);
    }
    // A value check (--mode, --workspace…) knows its flag but not its command: the help pointer is added here.
    if (error instanceof UsageError && error.command === undefined && reached() !== program) {
      return report(new UsageError(error.message, commandPath(reached())), io);
    }
    return report(error, io);
  }
};
