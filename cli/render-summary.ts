// An import's summary (SPEC §6) as a block a person reads: outcome, counts, first errors, what to do next.

import { isEnded } from '../shared/api/import-summary.js';
import type { ImportSummary } from '../shared/import/import-record.js';
import { toPrintable } from './printable-text.js';
import { formatBytes, formatCount } from './progress-bar.js';
import { formatTable } from './render-table.js';
import { shellWord } from './shell-word.js';

/** Errored rows shown in the block; the error report has them all. */
export const ERRORS_SHOWN = 10;

export interface RenderSummaryOptions {
  /** The command line that reaches the same API (`contacts-import --api URL`), for the follow-up hints. */
  commandPrefix?: string;
}

/** Skip codes whose rows the error report leaves out (SPEC §6). */
const UNREPORTED_SKIPS = new Set(['empty_row', 'unchanged']);

const MODE_NAMES: Record<string, string> = {
  upsert: 'upsert',
  create_only: 'create-only',
  update_only: 'update-only',
};

const reportedRows = (summary: ImportSummary): number =>
  summary.counts.errored +
  Object.entries(summary.skippedBy)
    .filter(([code]) => !UNREPORTED_SKIPS.has(code))
    .reduce((sum, [, count]) => sum + (count ?? 0), 0);

/** A cancelled import: where it stopped (its rows up to there are applied and counted). */
export const cancelledLine = (summary: ImportSummary): string => {
  const { lastRow } = summary.progress;
  return lastRow === undefined
    ? 'cancelled before any row was imported'
    : `cancelled at row ${lastRow}: the rows up to it are applied and counted`;
};

const countsLine = (summary: ImportSummary): string => {
  const { rows, created, updated, skipped, errored } = summary.counts;
  const verb = summary.options.dryRun ? 'would be ' : '';
  return `${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}: ${formatCount(created)} ${verb}created, ${formatCount(updated)} ${verb}updated, ${formatCount(skipped)} skipped, ${formatCount(errored)} errored`;
};

/** Why updates show in an import into an empty workspace: later rows matched contacts earlier rows created. */
export const matchedEarlierLine = (summary: ImportSummary): string | undefined => {
  const rows = summary.matchedEarlierRows ?? 0;
  if (rows === 0) return undefined;
  return `${formatCount(rows)} of the updated or unchanged rows matched ${rows === 1 ? 'a contact' : 'contacts'} that earlier rows of this file ${summary.options.dryRun ? 'would create' : 'created'}`;
};

const dashed = (value: string) => value.replace(/_/g, '-');

/** The update rules (SPEC §9) when they are not the defaults; an import registered before them shows none. */
const rulesLine = (options: ImportSummary['options']): string | undefined => {
  const { overwrite, blankCells, tagMode } = options;
  if (
    (overwrite ?? 'always') === 'always' &&
    (blankCells ?? 'ignore') === 'ignore' &&
    (tagMode ?? 'append') === 'append'
  ) {
    return undefined;
  }
  return `updates: overwrite ${dashed(overwrite ?? 'always')}, blank cells ${blankCells ?? 'ignore'}, tags ${tagMode ?? 'append'}`;
};

export const renderSummary = (summary: ImportSummary, options: RenderSummaryOptions = {}): string => {
  const prefix = options.commandPrefix ?? 'contacts-import';
  const lines: string[] = [];
  const fileName = toPrintable(summary.fileName);
  lines.push(`Import ${summary.id} ${summary.status}: ${fileName}`);
  const mode = MODE_NAMES[summary.options.mode] ?? summary.options.mode;
  lines.push(
    `  mode ${mode}, default country ${summary.options.defaultCountry}${summary.options.dryRun ? ', dry run (nothing was written)' : ''}`,
  );
  const rules = rulesLine(summary.options);
  if (rules) lines.push(`  ${rules}`);
  if (summary.failure) {
    lines.push(`  failed: ${summary.failure.code}: ${toPrintable(summary.failure.message)}`);
  }
  if (summary.status === 'running' || summary.status === 'pending') {
    const { bytesProcessed, bytesTotal } = summary.progress;
    lines.push(
      summary.status === 'pending'
        ? '  waiting for its file'
        : `  read ${formatBytes(bytesProcessed)} of ${formatBytes(bytesTotal)} so far`,
    );
    if (summary.cancelRequestedAt) lines.push('  cancelling: it stops at its next batch');
  }
  if (summary.status === 'cancelled') lines.push(`  ${cancelledLine(summary)}`);
  if (summary.status === 'expired') {
    lines.push('  the upload never arrived: its link expired before a file was sent (start a new import)');
  }
  lines.push(`  ${countsLine(summary)}`);
  const earlier = matchedEarlierLine(summary);
  if (earlier) lines.push(`  ${earlier}`);
  const skipped = Object.entries(summary.skippedBy).filter(([, count]) => (count ?? 0) > 0);
  if (skipped.length > 0) {
    lines.push(
      `  skipped: ${skipped.map(([code, count]) => `${formatCount(count ?? 0)} ${code}`).join(', ')}`,
    );
  }
  const errored = Object.entries(summary.erroredBy).filter(([, count]) => (count ?? 0) > 0);
  if (errored.length > 0) {
    lines.push(
      `  errored: ${errored
        .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
        .map(([code, count]) => `${formatCount(count ?? 0)} × ${code}`)
        .join(', ')}`,
    );
  }
  if (summary.errors.length > 0) {
    const shown = summary.errors.slice(0, ERRORS_SHOWN);
    lines.push('', `Errors (first ${shown.length} of ${formatCount(summary.counts.errored)}):`);
    const table = formatTable(
      [
        { header: 'ROW', align: 'right' },
        { header: 'COLUMN', max: 24 },
        { header: 'CODE' },
        { header: 'MESSAGE', max: 80 },
      ],
      shown.map((error) => [String(error.row), error.column ?? '', error.code, error.message]),
    );
    lines.push(...table.split('\n').map((line) => `  ${line}`));
  }
  const unmapped = summary.columns.filter((column) => column.field === null);
  if (unmapped.length > 0) {
    lines.push(
      '',
      `Columns not imported (no field matches): ${unmapped.map((column) => `"${toPrintable(column.header)}"`).join(', ')}`,
      `  map one with --map "Header=field", or add a custom field: ${prefix} fields add KEY --label L --type text`,
    );
  }
  if (summary.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const warning of summary.warnings) lines.push(`  ${warning.code}: ${toPrintable(warning.message)}`);
  }
  if (isEnded(summary.status) && reportedRows(summary) > 0) {
    lines.push(
      '',
      `Error report (${formatCount(reportedRows(summary))} errored or skipped rows, to fix and import again):`,
      `  ${prefix} errors ${summary.id} > ${shellWord(`${toPrintable(summary.fileName).replace(/\.csv$/i, '')}-errors.csv`)}`,
    );
  }
  return `${lines.join('\n')}\n`;
};
