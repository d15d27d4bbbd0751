// Reads the command line into one command and its validated options (node:util parseArgs for the tokens).

import { parseArgs } from 'node:util';
import { isWorkspaceId } from '../shared/auth/api-keys.js';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from '../shared/domain/fields.js';
import { UsageError } from './cli-errors.js';

export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_WORKSPACE = 'default';
export const DEFAULT_PORT = 3000;
export const API_KEY_ENV = 'CONTACTS_IMPORT_API_KEY';

type OptionName =
  | 'data-dir'
  | 'api'
  | 'api-key'
  | 'help'
  | 'version'
  | 'json'
  | 'workspace'
  | 'mode'
  | 'dry-run'
  | 'default-country'
  | 'map'
  | 'encoding'
  | 'delimiter'
  | 'label'
  | 'type'
  | 'maps-to'
  | 'port'
  | 'table';

interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in the help. */
  value?: string;
  description: string;
}

export const OPTIONS: Record<OptionName, OptionSpec> = {
  'data-dir': {
    type: 'string',
    value: 'DIR',
    description: `where the local stack keeps its data (default ${DEFAULT_DATA_DIR}/)`,
  },
  api: { type: 'string', value: 'URL', description: 'a deployed API instead of the local stack' },
  'api-key': { type: 'string', value: 'KEY', description: `the API key for --api (or env ${API_KEY_ENV})` },
  table: {
    type: 'string',
    value: 'NAME',
    description: "a deployed stack's table (its TableName output), with your AWS credentials",
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  version: { type: 'boolean', description: 'print the version' },
  json: { type: 'boolean', description: 'print JSON only, on stdout' },
  workspace: {
    type: 'string',
    value: 'W',
    description: `the local workspace (default "${DEFAULT_WORKSPACE}"); with --api the key decides`,
  },
  mode: {
    type: 'string',
    value: 'MODE',
    description: 'upsert (default), create-only or update-only',
  },
  'dry-run': { type: 'boolean', description: 'compute every outcome, write nothing' },
  'default-country': {
    type: 'string',
    value: 'CC',
    description: 'two-letter country for phone numbers without +code (default: workspace, else US)',
  },
  map: {
    type: 'string',
    multiple: true,
    value: '"Header=field"',
    description: 'map a column to a field, a custom field key or "ignore"; repeatable',
  },
  encoding: {
    type: 'string',
    value: 'E',
    description: 'utf-8, utf-16le, utf-16be or windows-1252 (default: detected)',
  },
  delimiter: { type: 'string', value: 'D', description: '"," ";" "|" or tab (default: detected)' },
  label: { type: 'string', value: 'L', description: 'the label people see' },
  type: { type: 'string', value: 'T', description: CUSTOM_FIELD_TYPES.join(', ') },
  'maps-to': {
    type: 'string',
    value: 'external_id',
    description: 'the field holds the external id of each contact',
  },
  port: {
    type: 'string',
    value: 'PORT',
    description: `the HTTP port (default ${DEFAULT_PORT}; 0: any free port)`,
  },
};

/** Options every API command takes; the local-only commands take only --data-dir and --help. */
const API_GLOBALS: OptionName[] = ['data-dir', 'api', 'api-key', 'help'];
const LOCAL_GLOBALS: OptionName[] = ['data-dir', 'help'];

export type CommandName =
  | 'import'
  | 'contacts'
  | 'fields add'
  | 'fields list'
  | 'template'
  | 'imports'
  | 'errors'
  | 'api-key create'
  | 'serve';

export interface CommandSpec {
  name: CommandName;
  /** What follows the command's name in the usage line. */
  args: string;
  summary: string;
  positionals: { min: number; max: number; names: string };
  options: OptionName[];
  /** Runs on the local stack only (no --api). */
  localOnly?: boolean;
  details?: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'import',
    args: 'FILE [--workspace W] [--mode M] [--dry-run] [--default-country CC] [--map "Header=field"]… [--json]',
    summary: 'import a CSV file and print its summary',
    positionals: { min: 1, max: 1, names: 'FILE' },
    options: ['workspace', 'mode', 'dry-run', 'default-country', 'map', 'encoding', 'delimiter', 'json'],
    details: [
      'Uploads FILE, waits for the import to finish (a progress bar on a terminal) and prints its summary.',
      'Exit code: 0 when the import completed (row errors included), 1 when it failed, 2 on bad usage.',
      '--map splits on the last "=": the header may contain "=", a field name never does.',
      'Rows that errored or were skipped are in the error report: contacts-import errors ID.',
    ].join('\n'),
  },
  {
    name: 'contacts',
    args: '[--workspace W] [--json]',
    summary: "list all of the workspace's contacts",
    positionals: { min: 0, max: 0, names: '' },
    options: ['workspace', 'json'],
  },
  {
    name: 'fields add',
    args: 'KEY --label L --type T [--maps-to external_id] [--json]',
    summary: 'add a custom field',
    positionals: { min: 1, max: 1, names: 'KEY' },
    options: ['workspace', 'label', 'type', 'maps-to', 'json'],
    details: 'KEY is lower snake case (a CSV column whose header reads as KEY maps to the field).',
  },
  {
    name: 'fields list',
    args: '[--json]',
    summary: 'list the custom fields',
    positionals: { min: 0, max: 0, names: '' },
    options: ['workspace', 'json'],
  },
  {
    name: 'template',
    args: '',
    summary: 'print the CSV template (built-in and custom columns)',
    positionals: { min: 0, max: 0, names: '' },
    options: ['workspace'],
  },
  {
    name: 'imports',
    args: '[ID] [--json]',
    summary: "list the workspace's imports, newest first, or show one import's summary",
    positionals: { min: 0, max: 1, names: 'ID' },
    options: ['workspace', 'json'],
  },
  {
    name: 'errors',
    args: 'ID',
    summary: "print an import's error report (CSV: the rows to fix, ready to import again)",
    positionals: { min: 1, max: 1, names: 'ID' },
    options: ['workspace'],
  },
  {
    name: 'api-key create',
    args: '[--workspace W] [--table NAME] [--json]',
    summary:
      'create an API key for a workspace of the local stack, or of a deployed one with --table (printed once, stored hashed)',
    positionals: { min: 0, max: 0, names: '' },
    options: ['workspace', 'table', 'json'],
    localOnly: true,
  },
  {
    name: 'serve',
    args: '[--port 3000]',
    summary: 'run the local stack: the HTTP API and the web page, until Ctrl-C',
    positionals: { min: 0, max: 0, names: '' },
    options: ['port'],
    localOnly: true,
  },
];

/** Commands of two words: the group and its subcommands. */
const GROUPS: Record<string, string[]> = { fields: ['add', 'list'], 'api-key': ['create'] };

export type ImportMode = 'upsert' | 'create_only' | 'update_only';

export interface CliOptions {
  dataDir: string;
  api?: string;
  apiKey?: string;
  json: boolean;
  /** As given; the local stack falls back to DEFAULT_WORKSPACE. */
  workspace?: string;
  mode?: ImportMode;
  dryRun: boolean;
  defaultCountry?: string;
  mapping?: Record<string, string>;
  encoding?: string;
  delimiter?: string;
  label?: string;
  type?: CustomFieldType;
  mapsTo?: 'external_id';
  port: number;
  /** A deployed table to mint the API key in, instead of the local stack's. */
  table?: string;
}

export type ParsedCommandLine =
  | { kind: 'help'; command?: CommandSpec }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec; args: string[]; options: CliOptions };

export const findCommand = (name: string): CommandSpec | undefined => COMMANDS.find((c) => c.name === name);

const TOKENIZER_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, spec]) => [
    name,
    {
      type: spec.type,
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    },
  ]),
);

const MODES: Record<string, ImportMode> = {
  upsert: 'upsert',
  'create-only': 'create_only',
  create_only: 'create_only',
  'update-only': 'update_only',
  update_only: 'update_only',
};

/**
 * `--map "Header=field"` splits on the LAST `=`: a CSV header may contain `=` ("Score=A"), a field
 * name (built-in, custom key, `external_id`, `ignore`) never does.
 */
export const parseMapping = (entries: readonly string[]): Record<string, string> => {
  const mapping: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const header = at < 0 ? '' : entry.slice(0, at).trim();
    const field = at < 0 ? '' : entry.slice(at + 1).trim();
    if (header === '' || field === '') {
      throw new UsageError(
        `--map takes "Header=field" (a column header, "=", then a field, a custom field key or "ignore"); got "${entry}"`,
        'import',
      );
    }
    if (Object.hasOwn(mapping, header)) {
      throw new UsageError(`--map names the column "${header}" twice`, 'import');
    }
    mapping[header] = field;
  }
  return mapping;
};

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`--port takes a port number from 0 to 65535; got "${value}"`, 'serve');
  }
  return port;
};

interface RawValues {
  strings: Map<OptionName, string>;
  lists: Map<OptionName, string[]>;
  flags: Set<OptionName>;
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** Splits the tokens into command words, positionals and option values, checking each option's shape. */
const readTokens = (argv: readonly string[]) => {
  const { tokens = [] } = parseArgs({
    args: [...argv],
    options: TOKENIZER_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const options: Array<Extract<Token, { kind: 'option' }>> = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    else if (token.kind === 'option') options.push(token);
  }
  return { positionals, options };
};

const splitCommand = (positionals: string[]): { spec?: CommandSpec; rest: string[]; words: string[] } => {
  const [first, second, ...others] = positionals;
  if (first === undefined) return { rest: [], words: [] };
  const group = GROUPS[first];
  if (group) {
    if (second === undefined || !group.includes(second)) {
      const what = second === undefined ? 'needs a subcommand' : `has no subcommand "${second}"`;
      throw new UsageError(`"${first}" ${what}: ${group.map((sub) => `${first} ${sub}`).join(', ')}`);
    }
    const spec = findCommand(`${first} ${second}`);
    return { ...(spec ? { spec } : {}), rest: others, words: [first, second] };
  }
  const spec = findCommand(first);
  if (!spec) {
    throw new UsageError(
      `unknown command "${first}"; the commands are: ${[...new Set(COMMANDS.map((c) => c.name.split(' ')[0]))].join(', ')}`,
    );
  }
  return { spec, rest: second === undefined ? [] : [second, ...others], words: [first] };
};

const collectValues = (
  options: Array<Extract<Token, { kind: 'option' }>>,
  allowed: ReadonlySet<OptionName>,
  spec: CommandSpec | undefined,
): RawValues => {
  const values: RawValues = { strings: new Map(), lists: new Map(), flags: new Set() };
  const where = spec ? `\`${spec.name}\`` : 'contacts-import';
  for (const token of options) {
    const name = token.name as OptionName;
    const known = Object.hasOwn(OPTIONS, token.name) ? OPTIONS[name] : undefined;
    if (!known) throw new UsageError(`unknown option ${token.rawName}`, spec?.name);
    if (!allowed.has(name)) {
      if (spec?.localOnly && (name === 'api' || name === 'api-key')) {
        throw new UsageError(`${where} works on the local stack only: it does not take --${name}`, spec.name);
      }
      throw new UsageError(`${where} does not take --${name}`, spec?.name);
    }
    if (known.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`--${name} takes no value`, spec?.name);
      values.flags.add(name);
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('-'))) {
      throw new UsageError(
        `--${name} needs a value${value === undefined ? '' : ` (write --${name}=${value} if "${value}" is the value)`}`,
        spec?.name,
      );
    }
    if (known.multiple) values.lists.set(name, [...(values.lists.get(name) ?? []), value]);
    else values.strings.set(name, value);
  }
  return values;
};

const toOptions = (values: RawValues, spec: CommandSpec, env: NodeJS.ProcessEnv): CliOptions => {
  const get = (name: OptionName) => values.strings.get(name);
  const options: CliOptions = {
    dataDir: get('data-dir') ?? DEFAULT_DATA_DIR,
    json: values.flags.has('json'),
    dryRun: values.flags.has('dry-run'),
    port: DEFAULT_PORT,
  };
  const api = get('api');
  if (api !== undefined) {
    let url: URL;
    try {
      url = new URL(api);
    } catch {
      throw new UsageError(`--api takes the API's URL (https://…); got "${api}"`, spec.name);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new UsageError(`--api takes an http(s) URL; got "${api}"`, spec.name);
    }
    options.api = api.replace(/\/+$/, '');
    const apiKey = get('api-key') ?? env[API_KEY_ENV];
    if (!apiKey) {
      throw new UsageError(`--api needs an API key: pass --api-key KEY or set ${API_KEY_ENV}`, spec.name);
    }
    options.apiKey = apiKey;
  } else if (get('api-key') !== undefined) {
    options.apiKey = get('api-key');
  }
  const workspace = get('workspace');
  if (workspace !== undefined) {
    if (options.api) {
      throw new UsageError(
        '--workspace is for the local stack: with --api the API key decides the workspace',
        spec.name,
      );
    }
    if (!isWorkspaceId(workspace)) {
      throw new UsageError(
        `--workspace takes 1 to 64 letters, digits, "-" or "_"; got "${workspace}"`,
        spec.name,
      );
    }
    options.workspace = workspace;
  }
  const mode = get('mode');
  if (mode !== undefined) {
    const known = MODES[mode.trim().toLowerCase()];
    if (!known) {
      throw new UsageError(`--mode takes upsert, create-only or update-only; got "${mode}"`, spec.name);
    }
    options.mode = known;
  }
  const map = values.lists.get('map');
  if (map) options.mapping = parseMapping(map);
  for (const [name, key] of [
    ['default-country', 'defaultCountry'],
    ['encoding', 'encoding'],
    ['delimiter', 'delimiter'],
    ['label', 'label'],
  ] as const) {
    const value = get(name);
    if (value !== undefined) options[key] = value;
  }
  const type = get('type');
  if (type !== undefined) {
    if (!(CUSTOM_FIELD_TYPES as readonly string[]).includes(type)) {
      throw new UsageError(`--type takes ${CUSTOM_FIELD_TYPES.join(', ')}; got "${type}"`, spec.name);
    }
    options.type = type as CustomFieldType;
  }
  const mapsTo = get('maps-to');
  if (mapsTo !== undefined) {
    if (mapsTo !== 'external_id') {
      throw new UsageError(`--maps-to takes external_id; got "${mapsTo}"`, spec.name);
    }
    options.mapsTo = 'external_id';
  }
  const port = get('port');
  if (port !== undefined) options.port = parsePort(port);
  const table = get('table');
  if (table !== undefined) options.table = table;
  if (spec.name === 'fields add') {
    if (options.label === undefined) throw new UsageError('fields add needs --label L', spec.name);
    if (options.type === undefined) throw new UsageError('fields add needs --type T', spec.name);
  }
  return options;
};

/** Reads `process.argv.slice(2)`; throws UsageError for anything the commands would not understand. */
export const parseCommandLine = (
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ParsedCommandLine => {
  const { positionals, options } = readTokens(argv);
  if (positionals[0] === 'help') {
    const topic = positionals.slice(1);
    if (topic.length === 0) return { kind: 'help' };
    const { spec } = splitCommand(topic);
    return spec ? { kind: 'help', command: spec } : { kind: 'help' };
  }
  const { spec, rest } = splitCommand(positionals);
  if (!spec) {
    const values = collectValues(
      options,
      new Set<OptionName>(['help', 'version', 'data-dir', 'api', 'api-key']),
      spec,
    );
    if (values.flags.has('version')) return { kind: 'version' };
    if (values.flags.has('help')) return { kind: 'help' };
    throw new UsageError('no command given');
  }
  const allowed = new Set<OptionName>([...(spec.localOnly ? LOCAL_GLOBALS : API_GLOBALS), ...spec.options]);
  // Help wins over any other mistake on the line: `import --help` needs no FILE.
  if (options.some((token) => token.name === 'help')) return { kind: 'help', command: spec };
  const values = collectValues(options, allowed, spec);
  if (rest.length < spec.positionals.min) {
    throw new UsageError(`${spec.name} needs ${spec.positionals.names}`, spec.name);
  }
  if (rest.length > spec.positionals.max) {
    const extra = rest.slice(spec.positionals.max).join(' ');
    throw new UsageError(
      spec.positionals.max === 0
        ? `${spec.name} takes no arguments; got "${extra}"`
        : `${spec.name} takes one ${spec.positionals.names}; got also "${extra}"`,
      spec.name,
    );
  }
  return { kind: 'run', command: spec, args: rest, options: toOptions(values, spec, env) };
};
