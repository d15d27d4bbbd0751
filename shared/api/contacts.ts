// Contacts as the API shows them (SPEC §7 contact JSON) and the requests that list or read them.

import { z } from 'zod';
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
  })
  .meta({ id: 'Contact' });

/** `GET /contacts`: at most one of email, phone (read with `country`), externalId; the rest pages. */
export const contactsQuerySchema = pageQuerySchema.extend({
  email: z.string().optional().meta({ description: 'Exact email, as an import would read it.' }),
  phone: z.string().optional().meta({ description: 'Any format an import would read, with `country`.' }),
  country: z
    .string()
    .optional()
    .meta({ description: 'The country a phone without a prefix is read in (default US).' }),
  externalId: z.string().optional(),
});

export const contactsPageSchema = z
  .object({ contacts: z.array(contactJsonSchema), cursor: z.string().optional() })
  .meta({ id: 'ContactsPage' });

export type ContactJson = z.infer<typeof contactJsonSchema>;
export type ContactsPage = z.infer<typeof contactsPageSchema>;
export type ContactsQuery = z.infer<typeof contactsQuerySchema>;
