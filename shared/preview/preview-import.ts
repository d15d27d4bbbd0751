// Use case: the import page's preview, a dry run of the engine itself over the first part of a file.

import { MemoryImportStore } from '../adapters/memory/memory-import-store.js';
import { MemoryReportStore } from '../adapters/memory/memory-report-store.js';
import type { RememberedSettingsJson } from '../api/import-profiles.js';
import type { Preview, PreviewRow } from '../api/preview.js';
import { bufferByteSource } from '../csv/buffer-byte-source.js';
import type { ResolvedImportOptions } from '../domain/import-options.js';
import { ImportError } from '../errors.js';
import { bodyBytes, type HttpRequest } from '../http/parse-request.js';
import { newImportId } from '../ids.js';
import { createImport } from '../import/create-import.js';
import { firstRecords } from '../import/detect-layout.js';
import { type ImportLayout, warningsOf } from '../import/import-record.js';
import { runImport } from '../import/run-import.js';
import { summaryOptions } from '../options/import-option-schema.js';
import { importOptionsFromQuery } from '../options/read-import-options.js';
import type { ContactStore } from '../ports/contact-store.js';
import type { CustomFieldStore } from '../ports/custom-field-store.js';
import type { ImportProfileStore } from '../ports/import-profile-store.js';
import type { RememberedSettingsStore } from '../ports/remembered-settings-store.js';
import type { SettingsStore } from '../ports/settings-store.js';
import { looksLikeZip } from '../xlsx/identify-workbook.js';

export interface PreviewDeps {
  contacts: ContactStore;
  customFields: CustomFieldStore;
  /** The workspace's settings apply to the preview as to the import. */
  settings?: SettingsStore;
  /** A preview names a profile as an import does, and gets the settings remembered for its header (SPEC §11). */
  profiles?: ImportProfileStore;
  remembered?: RememberedSettingsStore;
  now: () => Date;
}

/** The preview reads at most this much of the file: enough for the header and the first rows. */
export const MAX_PREVIEW_BYTES = 1024 * 1024;
/**
 * A workbook is a zip whose directory is at its end, so no first part of it can be read: the preview takes it
 * whole, up to this size (its base64 body stays within Lambda's 6 MB request).
 */
export const MAX_PREVIEW_WORKBOOK_BYTES = 4 * 1024 * 1024;
const DEFAULT_ROWS = 20;
const MAX_ROWS = 200;
/** When no header is found, the preview answers with this many of the file's first rows to pick one from. */
export const NO_HEADER_ROWS = 10;

export type { Preview, PreviewRow };

/** The remembered settings the preview applied, with their values. */
const rememberedOf = (
  options: ResolvedImportOptions,
  remembered: NonNullable<ImportLayout['remembered']>,
): RememberedSettingsJson => ({
  importId: remembered.importId,
  finishedAt: remembered.finishedAt,
  options: Object.fromEntries(remembered.options.map((name) => [name, options[name]])),
});

/** Drops a record cut off by the end of the sample, so the last row previewed is a whole one. */
const wholeLines = (bytes: Buffer, truncated: boolean): Buffer => {
  if (!truncated) return bytes;
  const lastLf = bytes.lastIndexOf(0x0a);
  const lastCr = bytes.lastIndexOf(0x0d);
  const end = Math.max(lastLf, lastCr);
  return end > 0 ? bytes.subarray(0, end + 1) : bytes;
};

/** A ContactStore that reads the real contacts and keeps the dry run's progress writes in memory. */
const readOnlyContacts = (contacts: ContactStore, imports: MemoryImportStore): ContactStore => ({
  lookupKeys: (...args) => contacts.lookupKeys(...args),
  phoneMembers: (...args) => contacts.phoneMembers(...args),
  getContacts: (...args) => contacts.getContacts(...args),
  writeBatch: async (batch) => {
    const { removedContacts = [], removedEmails = [] } = batch;
    const changes = batch.contacts.length + batch.newEmails.length + batch.phones.length;
    if (changes + removedContacts.length + removedEmails.length > 0 || !batch.progress) {
      throw new Error('a preview never writes contacts');
    }
    imports.saveProgress(batch.workspaceId, batch.progress.importId, batch.progress.next, batch.errors);
  },
});

export const previewImport = async (
  deps: PreviewDeps,
  workspaceId: string,
  request: HttpRequest,
): Promise<Preview> => {
  const query = request.queryStringParameters ?? {};
  const rowsWanted = Math.min(MAX_ROWS, Math.max(1, Number(query.rows ?? DEFAULT_ROWS) || DEFAULT_ROWS));
  const body = bodyBytes(request);
  if (body.length === 0) throw new ImportError('empty_file', 'the file is empty');
  const workbook = looksLikeZip(body);
  if (workbook && (body.length > MAX_PREVIEW_WORKBOOK_BYTES || query.partial === 'true')) {
    throw new ImportError(
      'file_too_large',
      `a workbook is previewed whole, and this one is larger than ${MAX_PREVIEW_WORKBOOK_BYTES / 1024 / 1024} MiB: import it as a dry run to see what it would do`,
    );
  }
  const sample = workbook
    ? body
    : wholeLines(
        body.subarray(0, MAX_PREVIEW_BYTES),
        body.length > MAX_PREVIEW_BYTES || query.partial === 'true',
      );

  const imports = new MemoryImportStore();
  const reports = new MemoryReportStore();
  const importId = newImportId();
  const customFields = await deps.customFields.listCustomFields(workspaceId);
  const record = await createImport(
    {
      imports,
      now: deps.now,
      ...(deps.settings ? { settings: deps.settings } : {}),
      ...(deps.profiles ? { profiles: deps.profiles } : {}),
    },
    {
      workspaceId,
      importId,
      source: 'upload',
      fileName: 'preview.csv',
      objectKey: 'preview.csv',
      options: { ...importOptionsFromQuery(query), dryRun: true },
    },
    customFields,
  );
  await imports.claimImport(workspaceId, importId, { runId: 'preview', leaseUntil: Number.MAX_SAFE_INTEGER });
  const rows: PreviewRow[] = [];
  const result = await runImport(
    {
      contacts: readOnlyContacts(deps.contacts, imports),
      imports,
      reports,
      customFields: deps.customFields,
      newContactId: () => `preview-${rows.length}`,
      now: deps.now,
      // Read only: a preview is a dry run, which never remembers settings.
      ...(deps.remembered ? { remembered: deps.remembered } : {}),
      maxBytes: workbook ? MAX_PREVIEW_WORKBOOK_BYTES : MAX_PREVIEW_BYTES,
    },
    {
      workspaceId,
      importId,
      runId: 'preview',
      source: bufferByteSource(sample),
      batchRows: rowsWanted,
      shouldPause: () => true,
      onRow: ({ row, cells, outcome }) => {
        rows.push({
          row,
          cells,
          outcome: outcome.outcome,
          ...('code' in outcome ? { code: outcome.code } : {}),
          ...('column' in outcome && outcome.column !== undefined ? { column: outcome.column } : {}),
          ...('message' in outcome ? { message: outcome.message } : {}),
          ...(outcome.outcome === 'updated' && outcome.matchedRow !== undefined
            ? {
                message: `updates the contact row ${outcome.matchedRow} creates`,
                matchedRow: outcome.matchedRow,
              }
            : {}),
          ...(outcome.outcome === 'skipped' && outcome.matchedRow !== undefined
            ? { matchedRow: outcome.matchedRow }
            : {}),
        });
      },
    },
  );
  const stored = await imports.getImport(workspaceId, importId);
  if (result.status === 'failed' && result.failure?.code === 'no_header') {
    // The page never dead-ends (SPEC §2): the first rows come with the error, for a person to pick the header.
    const firstRows = await firstRecords(
      bufferByteSource(sample),
      record.options,
      customFields,
      NO_HEADER_ROWS,
    );
    throw new ImportError('no_header', result.failure.message, { rows: firstRows });
  }
  if (result.status === 'failed' && result.failure) {
    throw new ImportError(result.failure.code, result.failure.message);
  }
  const layout = stored?.record.layout;
  if (!stored || !layout) throw new Error('the preview ended without a layout');
  return {
    encoding: layout.encoding,
    delimiter: layout.delimiter,
    headerRow: layout.headerRow,
    headers: layout.headers,
    columns: layout.columns,
    warnings: warningsOf(layout, stored.progress),
    rows: rows.slice(0, rowsWanted),
    counts: stored.progress.counts,
    options: { ...summaryOptions(stored.record.options), dryRun: true },
    ...(layout.remembered ? { remembered: rememberedOf(stored.record.options, layout.remembered) } : {}),
    ...(layout.workbook ? { workbook: layout.workbook } : {}),
  };
};
