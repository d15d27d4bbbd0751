// The options an import runs with (SPEC §6 `options`), validated once wherever they come in.

import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';

export const IMPORT_MODES = ['upsert', 'create_only', 'update_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type SupportedEncoding = (typeof SUPPORTED_ENCODINGS)[number];

export const SUPPORTED_DELIMITERS = [',', ';', '\t', '|'] as const;
export type SupportedDelimiter = (typeof SUPPORTED_DELIMITERS)[number];

/** Accepts `create-only` as well as `create_only` (the CLI and S3 metadata spell it with a dash). */
const modeSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase().replace(/-/g, '_') : value),
  z.enum(IMPORT_MODES),
);

const encodingSchema = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase().replace(/_/g, '-');
  if (v === 'utf8') return 'utf-8';
  if (v === 'cp1252' || v === 'latin1' || v === 'iso-8859-1') return 'windows-1252';
  if (v === 'utf16le') return 'utf-16le';
  if (v === 'utf16be') return 'utf-16be';
  return v;
}, z.enum(SUPPORTED_ENCODINGS));

const delimiterSchema = z.preprocess(
  (value) => (value === 'tab' || value === '\\t' ? '\t' : value),
  z.enum(SUPPORTED_DELIMITERS),
);

const MAX_MAPPING_BYTES = 64 * 1024;

export const importOptionsSchema = z.object({
  mode: modeSchema.default('upsert'),
  dryRun: z.boolean().default(false),
  defaultCountry: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code')
    .transform((c) => c.toUpperCase())
    .refine((c): boolean => isSupportedCountry(c), 'is not a country libphonenumber knows')
    .optional(),
  /** CSV header → field name, custom field key, `external_id`, or `ignore`. */
  mapping: z
    .record(z.string().max(1024), z.string().max(256))
    .refine((m) => Object.keys(m).length <= 500, 'at most 500 entries')
    // The options are stored with the import, in one DynamoDB item (400 KB at most).
    .refine(
      (m) => new TextEncoder().encode(JSON.stringify(m)).length <= MAX_MAPPING_BYTES,
      'at most 64 KiB in all',
    )
    .optional(),
  encoding: encodingSchema.optional(),
  delimiter: delimiterSchema.optional(),
});

export type ImportOptionsInput = z.input<typeof importOptionsSchema>;
export type ImportOptions = z.output<typeof importOptionsSchema>;

/** The options as the summary shows them: the default country resolved. */
export interface ResolvedImportOptions extends ImportOptions {
  defaultCountry: string;
}
