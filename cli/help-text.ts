// The help pages: the overall one (every command) and one per command, built from the command table.

import { API_KEY_ENV, COMMANDS, type CommandSpec, OPTIONS } from './parse-args.js';

const optionLine = (name: keyof typeof OPTIONS): string => {
  const spec = OPTIONS[name];
  const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
  return `  ${flag.padEnd(32)} ${spec.description}`;
};

export const overallHelp = (): string => {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'contacts-import: import contacts from CSV files into CustomerFlows',
    '',
    'Usage: contacts-import COMMAND [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options of every command:',
    optionLine('data-dir'),
    optionLine('api'),
    optionLine('api-key'),
    optionLine('help'),
    '',
    'Without --api the commands run on the local stack: the one `contacts-import serve` runs on the',
    `same --data-dir, else one started for the command and stopped after it. With --api URL they talk`,
    `to a deployed API, with --api-key KEY or ${API_KEY_ENV}.`,
    '',
    'Exit codes: 0 done, 1 failed (a failed import, an unreachable API, a refused key), 2 bad usage.',
    'Run `contacts-import COMMAND --help` for the options of one command.',
  ].join('\n');
};

export const commandHelp = (command: CommandSpec): string => {
  const globals: Array<keyof typeof OPTIONS> = command.localOnly
    ? ['data-dir', 'help']
    : ['data-dir', 'api', 'api-key', 'help'];
  return [
    `Usage: contacts-import ${command.name}${command.args ? ` ${command.args}` : ''}`,
    '',
    `${command.summary.charAt(0).toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details ? ['', command.details] : []),
    '',
    'Options:',
    ...command.options.map(optionLine),
    ...globals.map(optionLine),
  ].join('\n');
};
