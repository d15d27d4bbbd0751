// Validating a request's parts with its route's schemas: a failure is a 400 naming the field and the rule.

import type { z } from 'zod';
import { ImportError } from '../errors.js';

/** The query, the body, or a part of it; returns the parsed value or throws `invalid_request`. */
export const validateRequest = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: string,
): z.output<S> => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : part;
  throw new ImportError('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`);
};

/** A path parameter names a thing: one that fails its schema names nothing there is (404, not a store error). */
export const validatePath = <S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ImportError('not_found', `${what} not found`);
};
