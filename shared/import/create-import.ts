// Use case: register a new import (pending) with its validated options, before its file arrives or is read.

import type { CustomField } from '../domain/fields.js';
import type { ImportOptionsInput } from '../domain/import-options.js';
import { resolveImportOptions } from '../options/resolve-import-options.js';
import type { ImportStore } from '../ports/import-store.js';
import type { SettingsStore } from '../ports/settings-store.js';
import type { ImportRecord, ImportSource } from './import-record.js';

export interface NewImport {
  workspaceId: string;
  importId: string;
  source: ImportSource;
  fileName: string;
  objectKey: string;
  options: ImportOptionsInput;
  /** A presigned upload's expiry: the import is `expired` when no file arrived by then (and its grace). */
  uploadExpiresAt?: string;
}

export const createImport = async (
  /** `settings`: the workspace's, for what the options leave out (SPEC §3: the options win). */
  deps: { imports: ImportStore; now: () => Date; settings?: SettingsStore },
  input: NewImport,
  customFields: CustomField[],
): Promise<ImportRecord> => {
  const settings = deps.settings ? await deps.settings.getSettings(input.workspaceId) : {};
  const record: ImportRecord = {
    workspaceId: input.workspaceId,
    importId: input.importId,
    source: input.source,
    fileName: input.fileName,
    objectKey: input.objectKey,
    options: resolveImportOptions(input.options, customFields, settings),
    status: 'pending',
    createdAt: deps.now().toISOString(),
    ...(input.uploadExpiresAt ? { uploadExpiresAt: input.uploadExpiresAt } : {}),
  };
  await deps.imports.createImport(record);
  return record;
};
