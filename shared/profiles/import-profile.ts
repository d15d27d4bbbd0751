// A named import profile (SPEC §11): options a team sets up once, which an import names with `profile`.
// What a profile may hold is a list of import options; each is validated by its entry in the option schema.

import { z } from 'zod';
import { ImportError } from '../errors.js';
import {
  IMPORT_OPTIONS,
  type ImportOptionName,
  type ImportOptions,
} from '../options/import-option-schema.js';

/**
 * The options a profile may hold: how to read the file and what an update may change. Not `dryRun` (a profile
 * that silently made every import a dry run is a trap), nor `headerRow`, `profile` or `ignoreRemembered` (one
 * file's, or a way to reach a profile). Names the schema does not declare (yet) are left out.
 */
const WANTED: readonly string[] = [
  'mode',
  'defaultCountry',
  'mapping',
  'overwrite',
  'blankCells',
  'tagMode',
  'encoding',
  'delimiter',
  'sheet',
  'dateFormat',
  'decimalSeparator',
  'invalidCells',
];

export const PROFILE_OPTION_NAMES: readonly ImportOptionName[] = WANTED.filter(
  (name): name is ImportOptionName => Object.hasOwn(IMPORT_OPTIONS, name),
);

/** A profile's options as stored and sent: only those it sets, validated and normalised (`create_only`). */
export type ProfileOptions = Partial<ImportOptions>;

export interface ImportProfile {
  name: string;
  options: ProfileOptions;
  updatedAt: string;
}

/** The body of `PUT /import-profiles/{name}`: any of the profile options, each as the import schema takes it. */
export const profileOptionsSchema = z
  .object(
    Object.fromEntries(
      PROFILE_OPTION_NAMES.map((name) => {
        const schema = IMPORT_OPTIONS[name].schema as z.ZodType;
        // A default of the schema is the import's; a profile that leaves an option out sets nothing.
        const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
        return [name, inner instanceof z.ZodOptional ? inner : inner.optional()];
      }),
    ),
  )
  .strict();

/** The options of a `PUT` body: a problem is `invalid_request` naming the option (or the key that is none). */
export const readProfileOptions = (body: unknown): ProfileOptions => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ImportError('invalid_request', `the body is an object of ${PROFILE_OPTION_NAMES.join(', ')}`);
  }
  const given = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
  const parsed = profileOptionsSchema.safeParse(given);
  if (parsed.success) {
    return Object.fromEntries(
      Object.entries(parsed.data).filter(([, value]) => value !== undefined),
    ) as ProfileOptions;
  }
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new ImportError(
      'invalid_request',
      `${issue.keys.join(', ')} is not an option a profile holds; a profile holds ${PROFILE_OPTION_NAMES.join(', ')}`,
    );
  }
  const [name, ...rest] = issue?.path ?? [];
  const where = [name, ...rest].join('.') || 'profile';
  const message = issue?.message ?? 'is invalid';
  throw new ImportError('invalid_request', rest.length > 0 ? `${where}: ${message}` : `${where} ${message}`, {
    ...(typeof name === 'string' ? { option: name } : {}),
  });
};
