// The error bodies of the API: the handlers' `{error: {code, message, row?, column?}}`, API Gateway's `{message}`.

import { z } from 'zod';
import type { ErrorCode } from '../errors.js';

/** The body of every error a handler answers; 5xx bodies say only `internal` (or `throttled`), never why. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      row: z.number().int().optional(),
      column: z.string().optional(),
      field: z
        .string()
        .optional()
        .meta({ description: 'The field of the request the error is about (`email`, `customFields.plan`).' }),
      rows: z
        .array(z.object({ row: z.number().int(), cells: z.array(z.string()) }))
        .optional()
        .meta({
          description:
            "A preview's no_header only: the file's first non-empty rows, numbered as headerRow counts them, to pick the header from.",
        }),
    }),
  })
  .meta({ id: 'Error' });

/** The same body, narrowed to the codes one route answers with one status (for the OpenAPI document). */
export const errorBodyWith = (codes: readonly [ErrorCode, ...ErrorCode[]]) =>
  z.object({ error: errorBodySchema.shape.error.extend({ code: z.enum(codes) }) });

/** What API Gateway itself answers (401 without a key, 403 for a refused one, 413, 404 off the routes). */
export const gatewayErrorSchema = z.object({ message: z.string() }).meta({ id: 'GatewayError' });

export type ErrorBody = z.infer<typeof errorBodySchema>;
