import { describe, expect, it } from 'vitest';
import { formatImportProgress, formatUploadProgress } from '../../cli/progress-bar.js';
import { renderSummary } from '../../cli/render-summary.js';
import type { ImportSummary } from '../../shared/import/import-record.js';

const summary = (overrides: Partial<ImportSummary> = {}): ImportSummary => ({
  id: '01JD0000000000000000000000',
  status: 'completed',
  source: 'cli',
  fileName: 'my contacts.csv',
  options: {
    mode: 'upsert',
    dryRun: false,
    defaultCountry: 'US',
    dateFormat: 'YMD',
    decimalSeparator: '.',
    invalidCells: 'row',
    overwrite: 'always',
    blankCells: 'ignore',
    tagMode: 'append',
  },
  counts: { rows: 6, created: 2, updated: 1, skipped: 2, errored: 1 },
  cellErrors: {},
  skippedBy: { unchanged: 1, no_identity: 1 },
  erroredBy: { invalid_email: 1 },
  errors: [{ row: 4, code: 'invalid_email', column: 'Email', message: '"x" is not a valid email address' }],
  columns: [
    { header: 'Email', field: 'email' },
    { header: 'Notes', field: null },
  ],
  warnings: [{ code: 'external_id_unmapped', message: 'Column "Id" holds external ids' }],
  progress: { rowsProcessed: 6, bytesProcessed: 100, bytesTotal: 100 },
  createdAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

describe('renderSummary', () => {
  it('shows the outcome, the counts, skips by reason, first errors, unmapped columns, warnings and the report', () => {
    const text = renderSummary(summary(), { commandPrefix: 'contacts-import --workspace acme' });
    expect(text).toContain('Import 01JD0000000000000000000000 completed: my contacts.csv');
    expect(text).toContain('6 rows: 2 created, 1 updated, 2 skipped, 1 errored');
    expect(text).toContain('skipped: 1 unchanged, 1 no_identity');
    expect(text).toMatch(
      /ROW +COLUMN +CODE +MESSAGE\n +4 +Email +invalid_email +"x" is not a valid email address/,
    );
    expect(text).toContain('Columns not imported (no field matches): "Notes"');
    expect(text).toContain('external_id_unmapped: Column "Id" holds external ids');
    // The report leaves out unchanged rows: 1 errored + 1 no_identity.
    expect(text).toContain('Error report (2 errored or skipped rows, to fix and import again):');
    expect(text).toContain(
      "contacts-import --workspace acme errors 01JD0000000000000000000000 > 'my contacts-errors.csv'",
    );
  });

  it('says how many updated or unchanged rows matched contacts earlier rows of the file created', () => {
    const text = renderSummary(
      summary({ counts: { rows: 6, created: 3, updated: 3, skipped: 0, errored: 0 }, matchedEarlierRows: 3 }),
    );
    expect(text).toContain(
      '6 rows: 3 created, 3 updated, 0 skipped, 0 errored\n  3 of the updated or unchanged rows matched contacts that earlier rows of this file created',
    );
    expect(renderSummary(summary())).not.toContain('earlier rows');
  });

  it('shows why a failed import failed, and no report when no row is in it', () => {
    const text = renderSummary(
      summary({
        status: 'failed',
        failure: { code: 'not_csv', message: 'binary data' },
        counts: { rows: 0, created: 0, updated: 0, skipped: 0, errored: 0 },
        skippedBy: {},
        errors: [],
        columns: [],
        warnings: [],
      }),
    );
    expect(text).toContain('failed: not_csv: binary data');
    expect(text).not.toContain('Error report');
  });

  it('keeps terminal control characters from file contents off the screen', () => {
    const text = renderSummary(summary({ fileName: 'evil\u001b]0;pwned\u0007.csv' }));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil ]0;pwned .csv');
  });
});

describe('progress lines', () => {
  it('shows rows, bytes and the percentage of the file read', () => {
    const line = formatImportProgress(
      {
        status: 'running',
        progress: { rowsProcessed: 12345, bytesProcessed: 512 * 1024, bytesTotal: 2048 * 1024 },
      },
      8,
    );
    expect(line).toBe('Importing  [##------]  25%  12,345 rows  512 KB / 2.0 MB');
    expect(
      formatImportProgress({
        status: 'pending',
        progress: { rowsProcessed: 0, bytesProcessed: 0, bytesTotal: 0 },
      }),
    ).toContain('waiting for the import to start');
    expect(formatUploadProgress(1024, 2048, 4)).toBe('Uploading  [##--]  50%  1.0 KB / 2.0 KB');
  });
});
