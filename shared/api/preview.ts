// `POST /imports/preview`: a dry run of the engine over the first MiB of a file, row by row.

import { z } from 'zod';
import { csvBodyQuerySchema } from './create-import.js';
import { rememberedSettingsSchema } from './import-profiles.js';
import { columnSummarySchema, countsSchema, summaryOptionsSchema, warningSchema } from './import-summary.js';

export const previewQuerySchema = csvBodyQuerySchema.extend({
  rows: z.string().optional().meta({ description: 'How many rows to preview (1–200, default 20).' }),
  partial: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'true: the body is the head of a larger file (its last line is dropped).' }),
});

export const previewRowSchema = z
  .object({
    row: z.number().int(),
    cells: z.array(z.string()),
    outcome: z.enum(['created', 'updated', 'skipped', 'errored']),
    code: z.string().optional(),
    column: z.string().optional(),
    message: z.string().optional(),
    matchedRow: z.number().int().optional().meta({
      description:
        'The earlier row of the file that creates the contact this row updates or leaves unchanged.',
    }),
  })
  .meta({ id: 'PreviewRow' });

export const previewSchema = z
  .object({
    encoding: z.string(),
    delimiter: z.string(),
    headerRow: z.number().int(),
    headers: z.array(z.string()),
    columns: z.array(columnSummarySchema),
    warnings: z.array(warningSchema),
    rows: z.array(previewRowSchema),
    counts: countsSchema,
    options: summaryOptionsSchema.extend({ dryRun: z.literal(true) }),
    workbook: z
      .object({ sheet: z.string(), sheets: z.array(z.string()) })
      .optional()
      .meta({ description: "An .xlsx workbook's sheet read and all its worksheets, in tab order." }),
    remembered: rememberedSettingsSchema.optional().meta({
      description: 'The settings remembered for this header row that the preview applied (SPEC §11).',
    }),
  })
  .meta({ id: 'Preview' });

export type PreviewRow = z.infer<typeof previewRowSchema>;
export type Preview = z.infer<typeof previewSchema>;
