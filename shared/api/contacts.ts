// Contacts as the API shows them (SPEC §7 contact JSON) and the requests that list or read them.

import { z } from 'zod';
import { countryCodeSchema } from '../options/country-code-schema.js';
import { importIdSchema } from './import-summary.js';
import { pageQuerySchema } from './page-query.js';

/** Contact ids are random UUIDs: anything else names no contact (a 404, never a key DynamoDB would refuse). */
export const contactIdSchema = z.uuid().meta({ description: 'A contact id (a random UUID).' });

export const customValueSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .meta({ description: 'By the field type: text as a string, number, boolean, date as "YYYY-MM-DD".' });

export const contactJsonSchema = z
  .object({
    id: contactIdSchema,
    fullName: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable().meta({ description: 'E.164' }),
    companyName: z.string().nullable(),
    jobTitle: z.string().nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), customValueSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    ver: z
      .number()
      .int()
      .min(1)
      .meta({ description: 'The stored version: send it back with an edit or deletion to condition it.' }),
  })
  .meta({ id: 'Contact' });

/** What an import did to a contact it wrote, as `GET /contacts?importId=&outcome=` selects it. */
export const IMPORT_CONTACT_OUTCOMES = ['created', 'updated'] as const;
export type ImportContactOutcome = (typeof IMPORT_CONTACT_OUTCOMES)[number];

/** The filters of `GET /contacts`: at most one of them (a combination is a 400 naming both). */
export const CONTACT_FILTERS = ['q', 'email', 'phone', 'externalId', 'importId'] as const;

/**
 * `GET /contacts`: one filter or none, a page. `.strict()`: a parameter not listed is a 400 naming it.
 */
export const contactsQuerySchema = pageQuerySchema
  .extend({
    q: z.string().max(200).optional().meta({
      description:
        'Words (up to 8) each contained in the name, email, phone or company, case- and accent-insensitive.',
    }),
    email: z.string().max(254).optional().meta({ description: 'Exact email, as an import would read it.' }),
    phone: z.string().max(64).optional().meta({
      description:
        'Any format an import would read: E.164 (a `+` sent unencoded, read as a space, still works) or national with `defaultCountry`.',
    }),
    defaultCountry: countryCodeSchema.optional().meta({
      description:
        "The country a phone without a prefix is read in (default: the workspace's setting, else US).",
    }),
    externalId: z.string().max(2048).optional(),
    importId: importIdSchema.optional().meta({
      description:
        'The contacts this import created or updated, each once, in the order it first wrote them (its journal); ' +
        'their current values, a contact deleted since left out. A dry run is a 400.',
    }),
    outcome: z.enum(IMPORT_CONTACT_OUTCOMES).optional().meta({
      description:
        "With `importId`: only the contacts the import created, or only those it updated (a contact's outcome is its first write's).",
    }),
  })
  .strict();

/** `PATCH /contacts/{id}`: the fields to change; `null` or `""` clears one (a contact keeps a name, email or phone). */
const editableText = z.string().nullable().optional();
export const contactPatchSchema = z
  .object({
    firstName: editableText,
    lastName: editableText,
    fullName: editableText,
    email: editableText,
    phone: editableText.meta({
      description: "Any format an import reads, with the workspace's defaultCountry.",
    }),
    companyName: editableText,
    jobTitle: editableText,
    tags: z
      .union([z.array(z.string()), z.string()])
      .nullable()
      .optional()
      .meta({ description: 'Replaces the tags: a list, or one cell as an import splits it (`a, b`).' }),
    customFields: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).nullable())
      .optional()
      .meta({ description: 'Per field key: a value read by its type, or null to clear; others are kept.' }),
    ver: z.number().int().min(1).optional().meta({ description: 'The version read; a stale one is a 409.' }),
  })
  .strict()
  .meta({ id: 'ContactPatch' });

/** `DELETE /contacts/{id}`: conditioned on the version when given. */
export const contactDeleteQuerySchema = z
  .object({
    ver: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .optional(),
  })
  .strict();

export const contactsPageSchema = z
  .object({ contacts: z.array(contactJsonSchema), cursor: z.string().optional() })
  .meta({ id: 'ContactsPage' });

export type ContactJson = z.infer<typeof contactJsonSchema>;
export type ContactsPage = z.infer<typeof contactsPageSchema>;
export type ContactsQuery = z.infer<typeof contactsQuerySchema>;
export type ContactPatch = z.infer<typeof contactPatchSchema>;
