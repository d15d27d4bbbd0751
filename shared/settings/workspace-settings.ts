// A workspace's settings (SPEC §3): the defaults its imports take where their options say nothing.

import { z } from 'zod';
import { DATE_FORMATS, DECIMAL_SEPARATORS } from '../domain/import-options.js';
import { ImportError } from '../errors.js';
import { countryCodeSchema } from '../options/country-code-schema.js';

export const workspaceSettingsSchema = z
  .object({
    /** ISO 3166 alpha-2 country of phone numbers written without +code. */
    defaultCountry: countryCodeSchema.optional(),
    dateFormat: z
      .preprocess(
        (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
        z.enum(DATE_FORMATS, { error: 'takes YMD, MDY or DMY' }),
      )
      .optional(),
    decimalSeparator: z
      .preprocess(
        (value) => (typeof value === 'string' ? value.trim() : value),
        z.enum(DECIMAL_SEPARATORS, { error: 'takes "." or ","' }),
      )
      .optional(),
  })
  .strict();

export type WorkspaceSettings = z.output<typeof workspaceSettingsSchema>;

export const SETTING_NAMES = ['defaultCountry', 'dateFormat', 'decimalSeparator'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

/**
 * The settings a `PUT /settings` body (or `settings set`) gives, validated; `null` or an empty string clears a
 * setting. A problem is `invalid_request` naming the setting.
 */
export const readWorkspaceSettings = (body: unknown): WorkspaceSettings => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ImportError('invalid_request', `the body is an object of ${SETTING_NAMES.join(', ')}`);
  }
  const given = Object.fromEntries(
    Object.entries(body).filter(([, value]) => value !== null && value !== ''),
  );
  const parsed = workspaceSettingsSchema.safeParse(given);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new ImportError(
      'invalid_request',
      `${issue.keys.join(', ')} is not a setting; the settings are ${SETTING_NAMES.join(', ')}`,
    );
  }
  throw new ImportError(
    'invalid_request',
    `${issue?.path.join('.') ?? 'settings'} ${issue?.message ?? 'is invalid'}`,
  );
};
