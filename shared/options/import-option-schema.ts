// Every import option declared once: its validation and default, its names on each way in, its help.
// JSON bodies and query strings name an option in camelCase (`dryRun`), drop metadata `x-amz-meta-<kebab>`
// (`x-amz-meta-dry-run`), the CLI `--<kebab>` (`--dry-run`). Adding an option is one entry of IMPORT_OPTIONS
// (plus its control on the page); the readers (read-import-options.ts), the CLI's flags and the API's
// description derive from it. Type-only imports of this module are safe for the page (zod is not bundled).

import { z } from 'zod';
import {
  BLANK_CELLS,
  type ColumnRule,
  DATE_FORMATS,
  type DateFormat,
  DECIMAL_SEPARATORS,
  type DecimalSeparator,
  IMPORT_MODES,
  INVALID_CELLS,
  type MappingValue,
  OVERWRITE_POLICIES,
  type OverwritePolicy,
  SUPPORTED_DELIMITERS,
  SUPPORTED_ENCODINGS,
  TAG_MODES,
} from '../domain/import-options.js';
import { ImportError } from '../errors.js';
import { profileNameSchema } from '../profiles/profile-name.js';
import { countryCodeSchema } from './country-code-schema.js';

/** How a text source (query, metadata, CLI flag) spells the value: see read-import-options.ts. */
export type TextKind = 'boolean' | 'integer' | 'text' | 'json';

interface OptionSpec<S extends z.ZodType = z.ZodType> {
  /** Validates (and normalises) the value as JSON gives it; `.default()` declares the default. */
  schema: S;
  text: TextKind;
  /** What the option does: the CLI's help line and the API description. */
  help: string;
  /** The values it takes, as people type them (with dashes): help texts, the page's choices, the API doc. */
  values?: readonly string[];
  /** The CLI flag's value placeholder; none for a boolean flag. */
  valueName?: string;
  /** A CLI flag of its own syntax, repeated (`--map "Header=field"`), instead of `--<kebab> <value>`. */
  cliList?: { flag: string; parse: (entries: readonly string[]) => z.input<S> };
  /** The summary (SPEC §6 `options`) lists it. */
  inSummary?: true;
}

const option = <S extends z.ZodType, const Extra extends Omit<OptionSpec<S>, 'schema'>>(
  schema: S,
  extra: Extra,
): { schema: S } & Extra => ({ schema, ...extra });

/** The one mode spelling rule: case and surrounding space ignored, `create-only` = `create_only`. */
export const spellMode = (value: unknown): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase().replace(/-/g, '_') : value;

const dashed = (values: readonly string[]) => values.map((v) => v.replace(/_/g, '-'));

const listOf = (values: readonly string[]) =>
  values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

const spellEncoding = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase().replace(/_/g, '-');
  if (v === 'utf8') return 'utf-8';
  if (v === 'cp1252' || v === 'latin1' || v === 'iso-8859-1') return 'windows-1252';
  if (v === 'utf16le') return 'utf-16le';
  if (v === 'utf16be') return 'utf-16be';
  return v;
};

const spellDelimiter = (value: unknown): unknown => (value === 'tab' || value === '\\t' ? '\t' : value);

const MAX_MAPPING_ENTRIES = 500;
/** The options are stored with the import, in one DynamoDB item (400 KB at most). */
const MAX_MAPPING_BYTES = 64 * 1024;

/** An update rule's value, spelled with dashes or underscores in any case (`if-empty` = `if_empty`). */
const ruleSchema = <const V extends readonly [string, ...string[]]>(values: V) =>
  z.preprocess(spellMode, z.enum(values, { error: `takes ${listOf(dashed(values))}` }));

const overwriteSchema = ruleSchema(OVERWRITE_POLICIES);

/** A mapping value with a policy of its own (SPEC §9): `{"field": "job_title", "overwrite": "if_empty"}`. */
const columnRuleSchema = z.strictObject({
  field: z.string({ error: 'takes a field name' }).max(256),
  overwrite: overwriteSchema.optional(),
});

const isPlainObject = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** A field name, or the field with its policy; a bad policy is named as such, not as "neither of two shapes". */
const mappingValueSchema = z.union([z.string().max(256), columnRuleSchema], {
  error: (issue) => {
    if (!isPlainObject(issue.input)) return 'takes a field name, or {"field": …, "overwrite": …}';
    const inner = columnRuleSchema.safeParse(issue.input).error?.issues[0];
    return inner ? `${inner.path.join('.')} ${inner.message}`.trim() : undefined;
  },
});

const POLICY_SPELLINGS: ReadonlyMap<string, OverwritePolicy> = new Map(
  OVERWRITE_POLICIES.map((policy) => [policy.replace(/_/g, '-'), policy]),
);

/**
 * `--map "Header=field"` splits on the LAST `=`: a CSV header may contain `=` ("Score=A"), a field
 * name (built-in, custom key, `external_id`, `ignore`) never does. `--map "Title=job_title:if-empty"`
 * gives the column its own policy (SPEC §9): a field name never contains `:`.
 */
export const parseMapEntries = (entries: readonly string[]): Record<string, MappingValue> => {
  const mapping: Record<string, MappingValue> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const header = at < 0 ? '' : entry.slice(0, at).trim();
    const target = at < 0 ? '' : entry.slice(at + 1).trim();
    const colon = target.lastIndexOf(':');
    const field = (colon < 0 ? target : target.slice(0, colon)).trim();
    if (header === '' || field === '') {
      throw new ImportError(
        'invalid_request',
        `--map takes "Header=field" or "Header=field:policy" (a column header, "=", then a field, a custom field key or "ignore"); got "${entry}"`,
        { option: 'mapping' },
      );
    }
    if (Object.hasOwn(mapping, header)) {
      throw new ImportError('invalid_request', `--map names the column "${header}" twice`, {
        option: 'mapping',
      });
    }
    if (colon < 0) {
      mapping[header] = field;
      continue;
    }
    const spelled = target.slice(colon + 1).trim();
    const overwrite = POLICY_SPELLINGS.get(String(spellMode(spelled)).replace(/_/g, '-'));
    if (overwrite === undefined) {
      throw new ImportError(
        'invalid_request',
        `--map "${entry}": the policy of column "${header}" takes ${listOf(dashed(OVERWRITE_POLICIES))}; got "${spelled}"`,
        { option: 'mapping', column: header },
      );
    }
    mapping[header] = { field, overwrite } satisfies ColumnRule;
  }
  return mapping;
};

export const IMPORT_OPTIONS = {
  mode: option(
    z
      .preprocess(
        spellMode,
        z.enum(IMPORT_MODES, { error: `takes ${listOf(dashed(IMPORT_MODES))} (dashes or underscores)` }),
      )
      .default('upsert'),
    {
      text: 'text',
      values: dashed(IMPORT_MODES),
      valueName: 'MODE',
      help: 'upsert (default), create-only or update-only',
      inSummary: true,
    },
  ),
  dryRun: option(z.boolean({ error: 'takes true or false' }).default(false), {
    text: 'boolean',
    help: 'compute every outcome, write nothing',
    inSummary: true,
  }),
  defaultCountry: option(countryCodeSchema.optional(), {
    text: 'text',
    valueName: 'CC',
    help: 'two-letter country for phone numbers without +code (default: workspace, else US)',
    inSummary: true,
  }),
  /** CSV header → field name, custom field key, `external_id`, or `ignore`; or `{field, overwrite}` (SPEC §9). */
  mapping: option(
    z
      .record(z.string().max(1024), mappingValueSchema, {
        error: 'takes an object of column header → field',
      })
      .refine(
        (m) => Object.keys(m).length <= MAX_MAPPING_ENTRIES,
        `has at most ${MAX_MAPPING_ENTRIES} entries`,
      )
      .refine(
        (m) => new TextEncoder().encode(JSON.stringify(m)).length <= MAX_MAPPING_BYTES,
        'has at most 64 KiB in all',
      )
      .optional(),
    {
      text: 'json',
      valueName: '"Header=field[:policy]"',
      help: 'map a column to a field, a custom field key or "ignore", with its own overwrite policy after ":" (always, if-empty, never); repeatable',
      cliList: { flag: 'map', parse: parseMapEntries },
    },
  ),
  encoding: option(
    z
      .preprocess(
        spellEncoding,
        z.enum(SUPPORTED_ENCODINGS, { error: `takes ${listOf(SUPPORTED_ENCODINGS)}` }),
      )
      .optional(),
    {
      text: 'text',
      values: SUPPORTED_ENCODINGS,
      valueName: 'E',
      help: 'utf-8, utf-16le, utf-16be or windows-1252 (default: detected)',
    },
  ),
  delimiter: option(
    z
      .preprocess(spellDelimiter, z.enum(SUPPORTED_DELIMITERS, { error: 'takes "," ";" "|" or tab' }))
      .optional(),
    {
      text: 'text',
      values: [',', ';', '|', 'tab'],
      valueName: 'D',
      help: '"," ";" "|" or tab (default: detected)',
    },
  ),
  dateFormat: option(
    z
      .preprocess(
        (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
        z.enum(DATE_FORMATS, { error: `takes ${listOf(DATE_FORMATS)}` }),
      )
      .optional(),
    {
      text: 'text',
      values: DATE_FORMATS,
      valueName: 'F',
      help: 'custom date cells: YMD (2024-03-15), MDY (03/15/2024) or DMY (15.03.2024) (default: workspace, else YMD)',
      inSummary: true,
    },
  ),
  decimalSeparator: option(
    z
      .preprocess(
        (value) => (typeof value === 'string' ? value.trim() : value),
        z.enum(DECIMAL_SEPARATORS, { error: 'takes "." or ","' }),
      )
      .optional(),
    {
      text: 'text',
      values: DECIMAL_SEPARATORS,
      valueName: 'S',
      help: 'custom number cells: "." (1,234.56) or "," (1.234,56) (default: workspace, else ".")',
      inSummary: true,
    },
  ),
  /** The worksheet of an .xlsx workbook (SPEC §12): a name first, else a 1-based number in tab order. */
  sheet: option(
    z
      .union([z.number().int().min(1).max(65_535), z.string().trim().min(1).max(255)], {
        error: 'takes a sheet name or a 1-based sheet number',
      })
      .optional(),
    {
      text: 'text',
      valueName: 'NAME|N',
      help: 'the worksheet of an .xlsx workbook, by name or 1-based number (default: the first)',
    },
  ),
  headerRow: option(
    z
      .number({ error: 'takes a row number from 1 to 1000' })
      .int('takes a row number from 1 to 1000')
      .min(1, 'takes a row number from 1 to 1000')
      .max(1000, 'takes a row number from 1 to 1000')
      .optional(),
    {
      text: 'integer',
      valueName: 'N',
      help: 'the row number of the header, as a spreadsheet shows it (default: found among the first 20 rows)',
    },
  ),
  invalidCells: option(
    z
      .preprocess(
        (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
        z.enum(INVALID_CELLS, { error: 'takes row or cell' }),
      )
      .default('row'),
    {
      text: 'text',
      values: INVALID_CELLS,
      valueName: 'row|cell',
      help: 'row (default): an invalid cell errors its row; cell: the row is imported without it',
      inSummary: true,
    },
  ),
  /** What an update may change of a matched contact's fields (SPEC §9); a column's own policy wins. */
  overwrite: option(overwriteSchema.default('always'), {
    text: 'text',
    values: dashed(OVERWRITE_POLICIES),
    valueName: 'always|if-empty|never',
    help: 'always (default): non-empty cells overwrite a matched contact; if-empty: only fields it has none of; never: only created contacts get them',
    inSummary: true,
  }),
  blankCells: option(ruleSchema(BLANK_CELLS).default('ignore'), {
    text: 'text',
    values: dashed(BLANK_CELLS),
    valueName: 'ignore|clear',
    help: "ignore (default): an empty cell changes nothing; clear: it clears the matched contact's field (never its email)",
    inSummary: true,
  }),
  tagMode: option(ruleSchema(TAG_MODES).default('append'), {
    text: 'text',
    values: dashed(TAG_MODES),
    valueName: 'append|replace|remove',
    help: "append (default): the row's tags are added; replace: they become the contact's tags; remove: they are taken off",
    inSummary: true,
  }),
  /** A named profile of the workspace (SPEC §11): its options apply where the import's own say nothing. */
  profile: option(profileNameSchema.optional(), {
    text: 'text',
    valueName: 'NAME',
    help: "take the options of the workspace's import profile NAME where these say nothing",
  }),
  /** The settings remembered for the file's header row (SPEC §11) are not used: the import starts from the defaults. */
  ignoreRemembered: option(z.boolean({ error: 'takes true or false' }).optional(), {
    text: 'boolean',
    help: 'do not use the mapping and rules remembered from the last import of a file with this header',
  }),
};

type Specs = typeof IMPORT_OPTIONS;
export type ImportOptionName = keyof Specs;

export const importOptionsSchema = z.object(
  Object.fromEntries(Object.entries(IMPORT_OPTIONS).map(([name, spec]) => [name, spec.schema])) as {
    [K in ImportOptionName]: Specs[K]['schema'];
  },
);

/** The options as a way in gives them: every one may be absent. */
export type ImportOptionsInput = z.input<typeof importOptionsSchema>;
/** The options validated, with their defaults. */
export type ImportOptions = z.output<typeof importOptionsSchema>;
/** The options an import runs with: the default country resolved (the options', else the workspace's, else US). */
export type ResolvedImportOptions = ImportOptions & {
  defaultCountry: string;
  dateFormat: DateFormat;
  decimalSeparator: DecimalSeparator;
};

/** The country of phone numbers without +code when neither the options nor the workspace name one. */
export const FALLBACK_COUNTRY = 'US';

type SummaryOptionName = {
  [K in ImportOptionName]: Specs[K] extends { inSummary: true } ? K : never;
}[ImportOptionName];
/** The options the summary shows (SPEC §6). */
export type SummaryOptions = Pick<ResolvedImportOptions, SummaryOptionName>;

/** One option as every way in names it. */
export interface ImportOptionDescriptor {
  /** The JSON field and the query parameter. */
  name: ImportOptionName;
  /** The key of S3 object metadata as the SDK gives it (`dry-run`); the header is `x-amz-meta-dry-run`. */
  metadataKey: string;
  /** The CLI flag without its dashes (`dry-run`, `map`). */
  flag: string;
  text: TextKind;
  /** The value when the option is not given; undefined: none (or decided later, as the default country). */
  defaultValue: unknown;
  values?: readonly string[];
  valueName?: string;
  help: string;
  /** A flag given once per value (`--map A=email --map B=phone`): reads the list into the JSON value. */
  parseList?: (entries: readonly string[]) => unknown;
  inSummary: boolean;
  schema: z.ZodType;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const IMPORT_OPTION_DESCRIPTORS: readonly ImportOptionDescriptor[] = Object.entries(
  IMPORT_OPTIONS,
).map(([name, spec]: [string, OptionSpec]) => {
  const fallback = spec.schema.safeParse(undefined);
  return {
    name: name as ImportOptionName,
    metadataKey: kebab(name),
    flag: spec.cliList?.flag ?? kebab(name),
    text: spec.text,
    defaultValue: fallback.success ? fallback.data : undefined,
    ...(spec.values ? { values: spec.values } : {}),
    ...(spec.valueName ? { valueName: spec.valueName } : {}),
    help: spec.help,
    ...(spec.cliList ? { parseList: spec.cliList.parse } : {}),
    inSummary: spec.inSummary === true,
    schema: spec.schema,
  };
});

export const IMPORT_OPTION_NAMES = IMPORT_OPTION_DESCRIPTORS.map((d) => d.name);

/** The options the summary shows, in declaration order; one an import registered before it existed shows its default. */
export const summaryOptions = (options: ResolvedImportOptions): SummaryOptions =>
  Object.fromEntries(
    IMPORT_OPTION_DESCRIPTORS.filter((d) => d.inSummary).map((d) => [
      d.name,
      options[d.name] ?? d.defaultValue,
    ]),
  ) as SummaryOptions;
