// Use case: register a new import (pending) with its validated options, before its file arrives or is read.

import type { CustomField } from '../domain/fields.js';
import type { ImportOptionsInput } from '../domain/import-options.js';
import { resolveImportOptions } from '../options/resolve-import-options.js';
import type { ImportStore } from '../ports/import-store.js';
import type { WorkspaceSettings } from '../settings/workspace-settings.js';
import type { ImportRecord, ImportSource } from './import-record.js';

export interface NewImport {
  workspaceId: string;
  importId: string;
  source: ImportSource;
  fileName: string;
  objectKey: string;
  options: ImportOptionsInput;
  /** The workspace's settings, for what the options leave out. */
  workspaceSettings?: WorkspaceSettings;
}

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
    options: resolveImportOptions(input.options, customFields, input.workspaceSettings),
    status: 'pending',
    createdAt: deps.now().toISOString(),
  };
  await deps.imports.createImport(record);
  return record;
};
