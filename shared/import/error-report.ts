// The error report (SPEC §6): lines kept in segments while the import runs, assembled into one CSV at the end.

import { escapeFormula } from '../csv/escape-formula.js';
import { formatCsvLine } from '../csv/format-csv.js';
import type { RowOutcome } from '../domain/outcomes.js';
import type { ReportStore } from '../ports/report-store.js';

export const REPORT_COLUMNS = ['import_outcome', 'import_code', 'import_message'] as const;

/** One reported row as a segment stores it: `[row, outcome, code, message, cells]`. */
type SegmentLine = [number, string, string, string, string[]];

export const toSegmentLine = (row: number, outcome: RowOutcome, cells: string[]): string => {
  const code = 'code' in outcome ? outcome.code : '';
  const message = 'message' in outcome ? outcome.message : '';
  const line: SegmentLine = [row, outcome.outcome, code, message, cells];
  return JSON.stringify(line);
};

const toReportCells = (line: SegmentLine, width: number): string[] => {
  const [, outcome, code, message, cells] = line;
  const row = cells.slice(0, width);
  while (row.length < width) row.push('');
  return [...row, outcome, code, message].map(escapeFormula);
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
): AsyncGenerator<string> {
  // A BOM lets Excel open the UTF-8 report with accents intact; the importer skips it on the way back in.
  yield `\ufeff${formatCsvLine([...headers, ...REPORT_COLUMNS].map(escapeFormula))}`;
  const segments = (await reports.listSegments(workspaceId, importId)).sort((a, b) => a.segment - b.segment);
  for (const [i, segment] of segments.entries()) {
    const until = segments[i + 1]?.fromRow ?? Number.POSITIVE_INFINITY;
    let chunk = '';
    for await (const text of reports.readSegment(segment.key)) {
      if (text === '') continue;
      const line = JSON.parse(text) as SegmentLine;
      if (line[0] >= until) break;
      chunk += formatCsvLine(toReportCells(line, headers.length));
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
}

export const assembleReport = (
  reports: ReportStore,
  workspaceId: string,
  importId: string,
  headers: string[],
): Promise<string> =>
  reports.writeReport(workspaceId, importId, reportChunks(reports, workspaceId, importId, headers));
