// Custom fields as the API takes and shows them (SPEC §7 `GET /custom-fields`, `POST /custom-fields`).

import { z } from 'zod';
import { CUSTOM_FIELD_TYPES, EXTERNAL_ID } from '../domain/fields.js';
import { customFieldSchema } from '../domain/validate-custom-field.js';

/** The body of `POST /custom-fields`: the domain's own rule for a new field (reserved keys, id types). */
export const newCustomFieldSchema = customFieldSchema.meta({ id: 'NewCustomField' });

export const customFieldJsonSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    type: z.enum(CUSTOM_FIELD_TYPES),
    mapsTo: z.literal(EXTERNAL_ID).optional(),
  })
  .meta({ id: 'CustomField' });

export const customFieldsListSchema = z
  .object({ customFields: z.array(customFieldJsonSchema) })
  .meta({ id: 'CustomFields' });

export type CustomFieldJson = z.infer<typeof customFieldJsonSchema>;
export type CustomFieldsList = z.infer<typeof customFieldsListSchema>;
