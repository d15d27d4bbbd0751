// The query of a paginated listing: an opaque cursor from the previous page and a page size.

import { z } from 'zod';

const LIMIT_RULE = 'must be a whole number from 1 to 500';

export const pageQuerySchema = z.object({
  cursor: z
    .string()
    .max(2048)
    .optional()
    .meta({ description: 'The `cursor` of the previous page, as it was given.' }),
  limit: z.coerce
    .number({ error: LIMIT_RULE })
    .int(LIMIT_RULE)
    .min(1, LIMIT_RULE)
    .max(500, LIMIT_RULE)
    .default(100)
    .meta({ description: 'Items per page.' }),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;
