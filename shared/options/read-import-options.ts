// Reads import options from every way in (JSON body, query string, drop metadata, CLI flags) by the schema.
//
// Text sources (query, metadata, flags) give strings, read by one rule per kind: a boolean is true/false,
// yes/no or 1/0 in any case; JSON (the mapping) is parsed; an empty string is an option not given, except
// for a boolean, which must be spelled. A JSON body gives typed values (`"dryRun": true`). Mode's dash or
// underscore and the other spellings are the schema's, the same for every source.

import { ImportError } from '../errors.js';
import {
  IMPORT_OPTION_DESCRIPTORS,
  type ImportOptionDescriptor,
  type ImportOptions,
  type ImportOptionsInput,
  importOptionsSchema,
} from './import-option-schema.js';

export type OptionSource = 'json' | 'query' | 'metadata' | 'flags';

/** Options as a way in gave them, validated and normalised (`create-only` → `create_only`); defaults not applied. */
export type GivenImportOptions = Partial<ImportOptions>;

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/** The one boolean spelling rule of every text source: true/false, yes/no, 1/0, in any case. */
export const readBooleanText = (text: string): boolean | undefined => {
  const v = text.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
};

/** How a source names an option: `dryRun` (JSON, query), `x-amz-meta-dry-run` (metadata), `--dry-run` (CLI). */
export const optionSpelling = (descriptor: ImportOptionDescriptor, source: OptionSource): string => {
  if (source === 'metadata') return `x-amz-meta-${descriptor.metadataKey}`;
  if (source === 'flags') return `--${descriptor.flag}`;
  return descriptor.name;
};

const camel = (kebab: string) => kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const own = (raw: Readonly<Record<string, unknown>>, key: string): unknown =>
  Object.hasOwn(raw, key) ? raw[key] : undefined;

/** The raw value under the source's name; flags by commander's camelCase attribute or the flag itself. */
const rawValue = (
  raw: Readonly<Record<string, unknown>>,
  d: ImportOptionDescriptor,
  source: OptionSource,
): unknown => {
  if (source === 'metadata') return own(raw, d.metadataKey) ?? own(raw, `x-amz-meta-${d.metadataKey}`);
  if (source === 'flags') return own(raw, camel(d.flag)) ?? own(raw, d.flag);
  return own(raw, d.name);
};

const refuse = (d: ImportOptionDescriptor, message: string): never => {
  throw new ImportError('invalid_request', message, { option: d.name });
};

/** A text source's string as the JSON value it stands for; undefined for an option not given. */
const fromText = (text: string, d: ImportOptionDescriptor, spelled: string): unknown => {
  if (d.text === 'boolean') {
    return readBooleanText(text) ?? refuse(d, `${spelled} takes true, false, yes, no, 1 or 0`);
  }
  if (text.trim() === '') return undefined;
  if (d.text === 'integer') {
    return /^\s*\d+\s*$/.test(text) ? Number(text) : refuse(d, `${spelled} takes a whole number`);
  }
  if (d.text === 'json') {
    try {
      return JSON.parse(text);
    } catch {
      return refuse(d, `${spelled} takes JSON: an object of column header → field`);
    }
  }
  return text;
};

const fromFlag = (value: unknown, d: ImportOptionDescriptor, spelled: string): unknown => {
  if (d.parseList && (Array.isArray(value) || typeof value === 'string')) {
    return d.parseList(Array.isArray(value) ? value.map(String) : [value]);
  }
  if (typeof value === 'boolean' && d.text === 'boolean') return value;
  if (typeof value === 'string') return fromText(value, d, spelled);
  return refuse(d, `${spelled} ${d.valueName ? `needs a value` : 'takes no value'}`);
};

/** Validates options by the schema: a problem is `invalid_request` naming the option as the source spells it. */
export const validateImportOptions = (
  input: ImportOptionsInput,
  source: OptionSource = 'json',
  given?: Readonly<Record<string, unknown>>,
): ImportOptions => {
  const parsed = importOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const [name, ...rest] = issue?.path ?? [];
  const d = IMPORT_OPTION_DESCRIPTORS.find((o) => o.name === name);
  if (!issue || !d) throw new ImportError('invalid_request', issue?.message ?? 'invalid options');
  const spelled = optionSpelling(d, source);
  // Only the CLI says back what it got: elsewhere the value may be personal data on its way to a log.
  const echoed = given?.[d.name];
  const got = source === 'flags' && typeof echoed === 'string' ? `; got "${echoed}"` : '';
  return refuse(
    d,
    rest.length > 0 ? `${spelled}.${rest.join('.')}: ${issue.message}` : `${spelled} ${issue.message}${got}`,
  );
};

/**
 * The options of one way in: `raw` is the parsed JSON body, the query parameters, the object's metadata
 * (keys as the SDK gives them, `dry-run`), or the CLI's flag values (commander's `opts()`: `dryRun: true`,
 * `mode: 'create-only'`, `map: ['A=email']`). Other keys are left alone (`fileName`, `rows`…).
 */
export const readImportOptions = (
  raw: Readonly<Record<string, unknown>>,
  source: OptionSource,
): GivenImportOptions => {
  const input: Record<string, unknown> = {};
  const texts: Record<string, unknown> = {};
  for (const d of IMPORT_OPTION_DESCRIPTORS) {
    const value = rawValue(raw, d, source);
    if (value === undefined) continue;
    const spelled = optionSpelling(d, source);
    let read: unknown;
    if (source === 'json') read = value;
    else if (source === 'flags') read = fromFlag(value, d, spelled);
    else read = typeof value === 'string' ? fromText(value, d, spelled) : refuse(d, `${spelled} takes text`);
    if (read === undefined) continue;
    input[d.name] = read;
    texts[d.name] = value;
  }
  const options = validateImportOptions(input, source, texts);
  return Object.fromEntries(
    Object.entries(options).filter(([name]) => Object.hasOwn(input, name)),
  ) as GivenImportOptions;
};

export const importOptionsFromJson = (body: Readonly<Record<string, unknown>>) =>
  readImportOptions(body, 'json');

export const importOptionsFromQuery = (query: Readonly<Record<string, string | undefined>>) =>
  readImportOptions(query, 'query');

/** The CLI's flag values (commander's `opts()`), for the JSON it sends: a problem is a usage error. */
export const importOptionsFromFlags = (flags: Readonly<Record<string, unknown>>) =>
  readImportOptions(flags, 'flags');

/**
 * A drop's options from its object metadata. Metadata a system got wrong must not lose the file: the
 * import takes the defaults, and `ignored` says why (naming the metadata key, never its value) for the log.
 */
export const importOptionsFromMetadata = (
  metadata: Readonly<Record<string, string | undefined>>,
): { options: GivenImportOptions; ignored?: string } => {
  try {
    return { options: readImportOptions(metadata, 'metadata') };
  } catch (error) {
    if (error instanceof ImportError && error.code === 'invalid_request') {
      return { options: {}, ignored: error.message };
    }
    throw error;
  }
};
