// `POST /imports` (SPEC §7): the JSON request for a presigned upload and its 201, or a CSV body and its 202.

import { z } from 'zod';
import { IMPORT_OPTION_DESCRIPTORS, importOptionsSchema } from '../options/import-option-schema.js';
import { IMPORT_SOURCES, importIdSchema } from './import-summary.js';

/** What the JSON body says about the file; the import options beside it are read by the options module. */
export const createImportFileSchema = z.object({
  fileName: z.string({ error: 'is required: the name of the file to upload' }).max(1024),
  fileSize: z.number().int().nonnegative().optional().meta({
    description: 'The size of the file about to be uploaded: over the limit is a 413 before any import.',
  }),
  contentType: z.string().max(255).optional().meta({
    description: 'The type the file will be sent as (File.type): the object is stored with it.',
  }),
  source: z.enum(IMPORT_SOURCES).extract(['upload', 'cli']).default('upload'),
});

/** The whole JSON body, as the OpenAPI document describes it. */
export const createImportBodySchema = createImportFileSchema
  .extend(importOptionsSchema.shape)
  .meta({ id: 'CreateImportRequest' });

/** The query of `POST /imports` with the file itself in the body (and of the preview): the options as text. */
export const csvBodyQuerySchema = z.object({
  fileName: z.string().optional(),
  ...Object.fromEntries(
    IMPORT_OPTION_DESCRIPTORS.map((option) => [
      option.name,
      z
        .string()
        .optional()
        .meta({
          description: `${option.help}${option.text === 'json' ? ' (JSON)' : ''}${option.values ? `: ${option.values.join(', ')}` : ''}`,
        }),
    ]),
  ),
});

export const presignedUploadSchema = z
  .object({
    url: z.url(),
    fields: z.record(z.string(), z.string()).meta({ description: 'Form fields to send before the file.' }),
  })
  .meta({ id: 'PresignedUpload' });

/** 201: a pending import and the presigned S3 POST that uploads its file. */
export const createdImportSchema = z
  .object({
    importId: importIdSchema,
    upload: presignedUploadSchema,
    maxBytes: z.number().int(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'CreatedImport' });

/** 202: the body was stored; the import runs from it. */
export const acceptedImportSchema = z.object({ importId: importIdSchema }).meta({ id: 'AcceptedImport' });

export type CreateImportBody = z.input<typeof createImportBodySchema>;
export type PresignedUpload = z.infer<typeof presignedUploadSchema>;
export type CreatedImport = z.infer<typeof createdImportSchema>;
export type AcceptedImport = z.infer<typeof acceptedImportSchema>;
