// Use case: register a new import (pending) with its validated options, before its file arrives or is read.

import type { CustomField } from '../domain/fields.js';
import {
  type ImportOptionsInput,
  importOptionsSchema,
  type ResolvedImportOptions,
} from '../domain/import-options.js';
import { validateMapping } from '../domain/map-headers.js';
import { ImportError } from '../errors.js';
import type { ImportStore } from '../ports/import-store.js';
import type { ImportRecord, ImportSource } from './import-record.js';

export const DEFAULT_COUNTRY = 'US';

export interface NewImport {
  workspaceId: string;
  importId: string;
  source: ImportSource;
  fileName: string;
  objectKey: string;
  options: ImportOptionsInput;
  /** The workspace's own default country, used when the options name none. */
  workspaceCountry?: string;
}

/** Validates options (zod, then the mapping against the workspace's fields) into what the import runs with. */
export const resolveImportOptions = (
  input: ImportOptionsInput,
  customFields: CustomField[],
  workspaceCountry?: string,
): ResolvedImportOptions => {
  const parsed = importOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ImportError('invalid_request', `${where}${issue?.message ?? 'invalid options'}`);
  }
  const options = parsed.data;
  if (options.mapping) validateMapping(options.mapping, customFields);
  return { ...options, defaultCountry: options.defaultCountry ?? workspaceCountry ?? DEFAULT_COUNTRY };
};

export const createImport = async (
  deps: { imports: ImportStore; now: () => Date },
  input: NewImport,
  customFields: CustomField[],
): Promise<ImportRecord> => {
  const record: ImportRecord = {
    workspaceId: input.workspaceId,
    importId: input.importId,
    source: input.source,
    fileName: input.fileName,
    objectKey: input.objectKey,
    options: resolveImportOptions(input.options, customFields, input.workspaceCountry),
    status: 'pending',
    createdAt: deps.now().toISOString(),
  };
  await deps.imports.createImport(record);
  return record;
};
