// The zod schema a new custom field is checked with (SPEC §7 `POST /custom-fields`, `fields add`).

import { z } from 'zod';
import { BUILT_IN_FIELDS, CUSTOM_FIELD_TYPES, EXTERNAL_ID } from './fields.js';
import { PHONE_COUNTRY } from './header-synonyms.js';
import { normalizeHeader } from './normalize-header.js';
import { REPORT_COLUMNS } from './report-columns.js';

/** Names a custom key may not read as (after header normalisation): they would shadow a field or a mapping word. */
const RESERVED_NAMES: ReadonlyMap<string, string> = new Map(
  [...BUILT_IN_FIELDS, EXTERNAL_ID, PHONE_COUNTRY, 'ignore', ...REPORT_COLUMNS].map((name) => [
    normalizeHeader(name),
    name,
  ]),
);

/** Types an external id can be stored as: an id is never a date or a yes/no. */
const EXTERNAL_ID_TYPES: ReadonlySet<string> = new Set(['text', 'number']);

const keySchema = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_]{0,63}$/,
    'must be lower snake case: a letter, then letters, digits or _ (64 at most)',
  )
  .superRefine((key, ctx) => {
    const reserved = RESERVED_NAMES.get(normalizeHeader(key));
    if (reserved !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          reserved === key
            ? `"${key}" is reserved: it is a built-in field or mapping word`
            : `"${key}" is reserved: headers would read it the same as "${reserved}"`,
      });
    }
  });

export const customFieldSchema = z
  .object({
    key: keySchema,
    label: z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
    type: z.enum(CUSTOM_FIELD_TYPES),
    mapsTo: z.literal(EXTERNAL_ID).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.mapsTo === EXTERNAL_ID && !EXTERNAL_ID_TYPES.has(field.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: 'a field that holds external ids must be of type text or number',
      });
    }
  });

export type CustomFieldInput = z.input<typeof customFieldSchema>;
