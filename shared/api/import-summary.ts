// The import summary of SPEC §6 as the API returns it (`GET /imports/{id}`, `GET /imports`, `import --json`).

import { z } from 'zod';
import { OVERWRITE_POLICIES } from '../domain/import-options.js';
import { ROW_ERROR_CODES, SKIP_CODES } from '../domain/outcomes.js';
import { FILE_FAILURE_CODES } from '../errors.js';
import { IMPORT_OPTIONS, type SummaryOptions } from '../options/import-option-schema.js';
import { sentValueSchema } from './sent-value-schema.js';

export const IMPORT_SOURCES = ['upload', 'api', 'drop', 'cli'] as const;
export const IMPORT_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'expired'] as const;
/** The statuses an import ends in: it never leaves them (SPEC §6). */
export const ENDED_STATUSES = ['completed', 'failed', 'cancelled', 'expired'] as const;
export type EndedStatus = (typeof ENDED_STATUSES)[number];
export const isEnded = (status: string): status is EndedStatus =>
  (ENDED_STATUSES as readonly string[]).includes(status);

export const importIdSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'is not an import id (a ULID)')
  .meta({ description: 'An import id: a ULID (26 characters of Crockford base32), in creation order.' });

export const countsSchema = z
  .object({
    rows: z.number().int().meta({ description: 'created + updated + skipped + errored' }),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    errored: z.number().int(),
  })
  .meta({ id: 'Counts' });

/** One column of the file and the field it fills: a built-in name, a custom key, `external_id`, or null. */
export const columnSummarySchema = z
  .object({
    header: z.string(),
    field: z.string().nullable(),
    overwrite: z
      .enum(OVERWRITE_POLICIES)
      .optional()
      .meta({ description: "The column's own overwrite policy, from the mapping (SPEC §9)." }),
  })
  .meta({ id: 'ColumnSummary' });

export const warningSchema = z
  .object({ code: z.string().meta({ example: 'external_id_unmapped' }), message: z.string() })
  .meta({ id: 'Warning' });

export const summaryErrorSchema = z
  .object({
    row: z.number().int().meta({ description: 'The row number as a spreadsheet shows it.' }),
    code: z.enum(ROW_ERROR_CODES),
    column: z.string().optional(),
    message: z.string(),
  })
  .meta({ id: 'SummaryError' });

export const failureSchema = z
  .object({ code: z.enum([...FILE_FAILURE_CODES, 'internal']), message: z.string() })
  .meta({ id: 'Failure' });

/** The options the summary lists: those shared/options marks `inSummary`, with the schemas declared there. */
export const summaryOptionsSchema = z
  .object(
    Object.fromEntries(
      Object.entries(IMPORT_OPTIONS)
        .filter(([, spec]) => 'inSummary' in spec)
        .map(([name, spec]) => [name, sentValueSchema(spec.schema, false)]),
    ),
  )
  .meta({ id: 'SummaryOptions' }) as unknown as z.ZodObject<{
  [K in keyof SummaryOptions]-?: z.ZodType<SummaryOptions[K]>;
}>;

/** An import's undo (SPEC §10), once one was asked for. */
export const revertSummarySchema = z
  .object({
    status: z.enum(['running', 'completed', 'failed']),
    dryRun: z
      .boolean()
      .meta({ description: 'A dry run counts what the revert would do and changes nothing.' }),
    counts: z.object({
      contacts: z
        .number()
        .int()
        .meta({ description: 'Contacts the import created or updated: deleted + restored + kept.' }),
      deleted: z.number().int().meta({ description: 'Created by the import and deleted.' }),
      restored: z
        .number()
        .int()
        .meta({ description: 'With at least one field given back its value from before.' }),
      kept: z
        .number()
        .int()
        .meta({ description: 'Left as they are: nothing the import wrote is still there.' }),
    }),
    keptBy: z
      .object({ changed_since: z.number().int(), email_taken: z.number().int() })
      .meta({ description: 'The kept contacts by reason.' }),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().optional(),
    failure: z
      .object({ code: z.enum(['internal']), message: z.string() })
      .optional()
      .meta({
        description:
          'Why a failed revert ended: an unexpected error met three times at one point (the contacts undone before it stay undone and counted).',
      }),
  })
  .meta({ id: 'RevertSummary' });

export const importSummarySchema = z
  .object({
    id: importIdSchema,
    status: z.enum(IMPORT_STATUSES),
    source: z.enum(IMPORT_SOURCES),
    fileName: z.string(),
    options: summaryOptionsSchema,
    counts: countsSchema,
    skippedBy: z.partialRecord(z.enum(SKIP_CODES), z.number().int()),
    erroredBy: z
      .partialRecord(z.enum(ROW_ERROR_CODES), z.number().int())
      .meta({ description: 'Errored rows by code: they add up to counts.errored.' }),
    cellErrors: z
      .partialRecord(z.enum(ROW_ERROR_CODES), z.number().int())
      .meta({ description: 'Cells left out of imported rows (invalidCells: cell), by code.' }),
    matchedEarlierRows: z.number().int().min(1).optional().meta({
      description:
        'Rows updated (or skipped unchanged) whose contact an earlier row of the same file created: why an import into an empty workspace can count updates. Absent when none.',
    }),
    errors: z.array(summaryErrorSchema).meta({ description: 'The first 100 errored rows.' }),
    columns: z.array(columnSummarySchema),
    warnings: z.array(warningSchema),
    progress: z.object({
      rowsProcessed: z.number().int(),
      bytesProcessed: z.number().int(),
      bytesTotal: z.number().int(),
      lastRow: z.number().int().optional().meta({
        description: 'The last row applied, numbered as a spreadsheet shows it (absent before the first).',
      }),
    }),
    failure: failureSchema.optional(),
    cancelRequestedAt: z.iso.datetime().optional().meta({
      description: 'When POST /imports/{id}/cancel asked a running import to stop at its next batch.',
    }),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().optional(),
    finishedAt: z.iso.datetime().optional(),
    revert: revertSummarySchema.optional(),
  })
  .meta({ id: 'ImportSummary' });

/** `GET /imports`: newest first; `cursor` asks for the next page. */
export const importsPageSchema = z
  .object({
    imports: z.array(importSummarySchema).meta({ description: 'Summaries without their errors.' }),
    cursor: z.string().optional(),
  })
  .meta({ id: 'ImportsPage' });

export type ImportSource = (typeof IMPORT_SOURCES)[number];
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export type ImportCounts = z.infer<typeof countsSchema>;
export type ColumnSummary = z.infer<typeof columnSummarySchema>;
export type ImportWarning = z.infer<typeof warningSchema>;
export type SummaryError = z.infer<typeof summaryErrorSchema>;
export type ImportSummary = z.infer<typeof importSummarySchema>;
export type ImportsPage = z.infer<typeof importsPageSchema>;
export type RevertSummaryJson = z.infer<typeof revertSummarySchema>;

/** `POST /imports/{id}/revert`. */
export const revertBodySchema = z
  .strictObject({
    dryRun: z.boolean().optional().meta({ description: 'Count what the revert would do, change nothing.' }),
  })
  .meta({ id: 'RevertRequest' });

export const acceptedRevertSchema = z
  .object({ importId: importIdSchema, dryRun: z.boolean() })
  .meta({ id: 'AcceptedRevert' });
export type AcceptedRevert = z.infer<typeof acceptedRevertSchema>;
