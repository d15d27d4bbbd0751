// Use case: register a new import (pending) with its validated options, before its file arrives or is read.

import type { CustomField } from '../domain/fields.js';
import type { ImportOptionsInput } from '../domain/import-options.js';
import { ImportError } from '../errors.js';
import type { ImportOptions } from '../options/import-option-schema.js';
import { optionSources, resolveImportOptions } from '../options/resolve-import-options.js';
import type { ImportProfileStore } from '../ports/import-profile-store.js';
import type { ImportStore } from '../ports/import-store.js';
import type { SettingsStore } from '../ports/settings-store.js';
import type { ImportRecord, ImportSource, ImportWarning } from './import-record.js';

export interface NewImport {
  workspaceId: string;
  importId: string;
  source: ImportSource;
  fileName: string;
  objectKey: string;
  /** The options the way in gave. */
  options: ImportOptionsInput;
  /** A presigned upload's expiry: the import is `expired` when no file arrived by then (and its grace). */
  uploadExpiresAt?: string;
  /** A drop's folder (`drops/<ws>/<name>/…`): the profile of that name applies when there is one (SPEC §11). */
  folderProfile?: string;
  /**
   * An unknown `profile`: `refuse` (the API, the CLI: `unknown_profile`, a 400), or `warn` (a drop: imported
   * without a profile, with warning `unknown_profile`; a file dropped must not be lost).
   */
  unknownProfile?: 'refuse' | 'warn';
}

export interface CreateImportDeps {
  imports: ImportStore;
  now: () => Date;
  /** The workspace's, for what the options leave out (SPEC §3: the options win). */
  settings?: SettingsStore;
  /** The workspace's import profiles, for an import that names one (SPEC §11). */
  profiles?: ImportProfileStore;
}

const unknownProfileMessage = (name: string) =>
  `the workspace has no import profile "${name}" (GET /import-profiles lists them)`;

/** The profile layer: the named profile's options (and its name, which the summary lists). */
const profileLayer = async (
  deps: CreateImportDeps,
  input: NewImport,
): Promise<{ profile?: Partial<ImportOptions>; warnings: ImportWarning[] }> => {
  const named = input.options.profile;
  if (named !== undefined) {
    const found = await deps.profiles?.getProfile(input.workspaceId, named);
    if (found) return { profile: { ...found.options, profile: found.name }, warnings: [] };
    const message = unknownProfileMessage(named);
    if (input.unknownProfile !== 'warn')
      throw new ImportError('unknown_profile', message, { option: 'profile' });
    return { warnings: [{ code: 'unknown_profile', message: `${message}: imported without it` }] };
  }
  if (input.folderProfile === undefined) return { warnings: [] };
  const found = await deps.profiles?.getProfile(input.workspaceId, input.folderProfile);
  return { ...(found ? { profile: { ...found.options, profile: found.name } } : {}), warnings: [] };
};

export const createImport = async (
  deps: CreateImportDeps,
  input: NewImport,
  customFields: CustomField[],
): Promise<ImportRecord> => {
  const workspace = deps.settings ? await deps.settings.getSettings(input.workspaceId) : {};
  const { profile, warnings } = await profileLayer(deps, input);
  const { profile: _named, ...explicit } = input.options;
  const layers = {
    explicit: warnings.length > 0 ? explicit : input.options,
    workspace,
    ...(profile ? { profile } : {}),
  };
  const record: ImportRecord = {
    workspaceId: input.workspaceId,
    importId: input.importId,
    source: input.source,
    fileName: input.fileName,
    objectKey: input.objectKey,
    options: resolveImportOptions(layers, customFields),
    // Remembered settings are known once the header is read: these say which options they may not replace.
    optionSources: optionSources(layers),
    ...(warnings.length > 0 ? { warnings } : {}),
    status: 'pending',
    createdAt: deps.now().toISOString(),
    ...(input.uploadExpiresAt ? { uploadExpiresAt: input.uploadExpiresAt } : {}),
  };
  await deps.imports.createImport(record);
  return record;
};
