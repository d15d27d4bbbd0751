// The error report (SPEC §6): lines kept in segments while the import runs, assembled into one CSV at the end.

import { escapeFormula } from '../csv/escape-formula.js';
import { formatCsvLine } from '../csv/format-csv.js';
import type { RowOutcome } from '../domain/outcomes.js';
import type { CellError } from '../domain/read-row.js';
import { REPORT_COLUMNS } from '../domain/report-columns.js';
import type { ReportStore } from '../ports/report-store.js';

export { REPORT_COLUMNS };

/** One reported row as a segment stores it: `[row, outcome, code, message, cells]`. */
type SegmentLine = [number, string, string, string, string[]];

/** A reported row's outcome, code and message as the report's `import_*` columns show them. */
export interface ReportedOutcome {
  outcome: RowOutcome['outcome'];
  code: string;
  message: string;
}

/**
 * A row imported without its invalid cells (`invalidCells: cell`): its outcome, then each cell left out, its code
 * beside the row's own (`invalid_phone;invalid_value`) and its column leading its message (`Phone: "x" is not…`).
 */
export const withCellsLeftOut = (outcome: RowOutcome, cells: readonly CellError[]): ReportedOutcome => {
  const own = 'code' in outcome ? [{ code: outcome.code, message: outcome.message }] : [];
  const left = cells.map((cell) => ({ code: cell.code, message: `${cell.column}: ${cell.message}` }));
  const all = [...own, ...left];
  return {
    outcome: outcome.outcome,
    code: all.map((item) => item.code).join(';'),
    message: all.map((item) => item.message).join('; '),
  };
};

export const toSegmentLine = (
  row: number,
  outcome: RowOutcome | ReportedOutcome,
  cells: string[],
): string => {
  const code = 'code' in outcome ? outcome.code : '';
  const message = 'message' in outcome ? outcome.message : '';
  const line: SegmentLine = [row, outcome.outcome, code, message, cells];
  return JSON.stringify(line);
};

/** A report's own column: a file that is a report imported again has them, and they are not copied a second time. */
const isReportColumn = (header: string): boolean =>
  (REPORT_COLUMNS as readonly string[]).includes(header.trim().toLowerCase());

/** The positions of the file's columns the report copies: all but the `import_*` columns of an earlier report. */
const copiedColumns = (headers: string[]): number[] =>
  headers.flatMap((header, i) => (isReportColumn(header) ? [] : [i]));

const toReportCells = (line: SegmentLine, copied: number[]): string[] => {
  const [row, outcome, code, message, cells] = line;
  return [...copied.map((i) => cells[i] ?? ''), String(row), outcome, code, message].map(escapeFormula);
};

/**
 * A segment covers the rows from its first row up to the next segment's first row: a later segment was written
 * by a run that re-planned those rows, so it replaces what an interrupted attempt had written for them.
 */
async function* reportChunks(
  reports: ReportStore,
  workspaceId: string,
  importId: string,
  headers: string[],
  untilRow: number,
): AsyncGenerator<string> {
  // A BOM lets Excel open the UTF-8 report with accents intact; the importer skips it on the way back in.
  const copied = copiedColumns(headers);
  const header = [...copied.map((i) => headers[i] ?? ''), ...REPORT_COLUMNS];
  yield `\ufeff${formatCsvLine(header.map(escapeFormula))}`;
  const segments = (await reports.listSegments(workspaceId, importId)).sort((a, b) => a.segment - b.segment);
  for (const [i, segment] of segments.entries()) {
    const until = Math.min(segments[i + 1]?.fromRow ?? Number.POSITIVE_INFINITY, untilRow + 1);
    let chunk = '';
    for await (const text of reports.readSegment(segment.key)) {
      if (text === '') continue;
      const line = JSON.parse(text) as SegmentLine;
      if (line[0] >= until) break;
      chunk += formatCsvLine(toReportCells(line, copied));
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
}

/**
 * The report of the rows up to `untilRow` (the last committed row; all of them when absent): a cancelled import's
 * last segment may hold rows planned but never committed, which the report leaves out.
 */
export const assembleReport = (
  reports: ReportStore,
  workspaceId: string,
  importId: string,
  headers: string[],
  untilRow = Number.POSITIVE_INFINITY,
): Promise<string> =>
  reports.writeReport(workspaceId, importId, reportChunks(reports, workspaceId, importId, headers, untilRow));
