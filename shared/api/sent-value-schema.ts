// The schema of a value as the API sends it back, for the document: a transform's input type stands for its
// output (OpenAPI cannot describe a transform), a default or an optional wrapper dropped where asked.

import { z } from 'zod';

export const sentValueSchema = (schema: z.ZodType, keepOptional = true): z.ZodType => {
  if (schema instanceof z.ZodOptional) {
    const inner = sentValueSchema(schema.unwrap() as z.ZodType, keepOptional);
    return keepOptional ? inner.optional() : inner;
  }
  if (schema instanceof z.ZodDefault) return sentValueSchema(schema.unwrap() as z.ZodType, keepOptional);
  if (schema instanceof z.ZodPipe && schema.out instanceof z.ZodTransform) {
    return sentValueSchema(schema.in as z.ZodType, keepOptional);
  }
  return schema;
};

/** An object schema whose values are sent back as they were validated. */
export const sentObjectSchema = (schema: z.ZodObject): z.ZodObject =>
  z.object(
    Object.fromEntries(
      Object.entries(schema.shape).map(([key, value]) => [key, sentValueSchema(value as z.ZodType)]),
    ),
  );
