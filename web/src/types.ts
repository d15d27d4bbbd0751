// The JSON the page reads from the HTTP API: the API contract's own types (shared/api), imported as types
// only, so that nothing of the server is bundled into the page.

export type { ContactJson, ContactPatch, ContactsPage } from '../../shared/api/contacts.js';
export type {
  CreatedImport,
  PresignedUpload,
} from '../../shared/api/create-import.js';
export type { CustomFieldJson as CustomField } from '../../shared/api/custom-fields.js';
export type { ImportProfileJson as ImportProfile } from '../../shared/api/import-profiles.js';
export type {
  AcceptedRevert,
  ColumnSummary,
  ImportCounts as Counts,
  ImportSource,
  ImportStatus,
  ImportSummary,
  ImportsPage,
  ImportWarning as Warning,
  RevertSummaryJson as RevertSummary,
  SummaryError,
} from '../../shared/api/import-summary.js';
export type { Preview, PreviewRow } from '../../shared/api/preview.js';
export type { ImportMode, MappingValue, OverwritePolicy } from '../../shared/domain/import-options.js';

import type { PreviewRow } from '../../shared/api/preview.js';
import type { ImportMode, MappingValue } from '../../shared/domain/import-options.js';

export type Outcome = PreviewRow['outcome'];

/** What the person chose for the next import; sent to the preview and to POST /imports alike. */
export interface ImportChoices {
  mode: ImportMode;
  dryRun: boolean;
  defaultCountry: string;
  encoding: string;
  delimiter: string;
  /** `row` (an invalid cell errors its row) or `cell` (the row is imported without it). */
  invalidCells: string;
  /** `YMD`, `MDY`, `DMY`, or empty: the workspace's setting. */
  dateFormat: string;
  /** `.`, `,`, or empty: the workspace's setting. */
  decimalSeparator: string;
  /** `always`, `if_empty`, `never`, or empty: the default (SPEC §9). */
  overwrite: string;
  /** `clear`, or empty: the default (`ignore`). */
  blankCells: string;
  /** `replace`, `remove`, or empty: the default (`append`). */
  tagMode: string;
  /**
   * Only the columns the person changed: header → field, custom key, `external_id` or `ignore`; or
   * `{field, overwrite}` for a column given its own policy.
   */
  mapping: Record<string, MappingValue>;
  /** The row a person picked as the header when the server found none; absent: the server finds it. */
  headerRow?: number;
  /** A saved profile's name (SPEC §11), or empty: none. */
  profile: string;
  /** Set by "Don't use it": the settings remembered for the header row are left out. */
  ignoreRemembered?: true;
}

/** One of the file's first rows, as a preview that found no header answers them: to pick the header from. */
export interface FileRow {
  row: number;
  cells: string[];
}
