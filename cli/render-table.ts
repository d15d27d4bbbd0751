// Plain-text tables for people: columns sized to their content (capped), long cells cut with "…".

import { toPrintable } from './printable-text.js';

export interface TableColumn {
  header: string;
  /** The widest the column may grow. */
  max?: number;
  align?: 'left' | 'right';
}

const truncateCell = (value: string, width: number): string =>
  value.length <= width ? value : `${value.slice(0, Math.max(0, width - 1))}…`;

/** Column widths for the rows seen so far: a paged listing sizes its columns from the first page. */
export const measureColumns = (columns: readonly TableColumn[], rows: readonly string[][]): number[] =>
  columns.map((column, index) => {
    const widest = Math.max(column.header.length, ...rows.map((row) => toPrintable(row[index] ?? '').length));
    return Math.min(widest, column.max ?? Number.POSITIVE_INFINITY);
  });

export const formatRow = (
  columns: readonly TableColumn[],
  widths: readonly number[],
  cells: readonly string[],
) =>
  columns
    .map((column, index) => {
      const width = widths[index] ?? column.header.length;
      const cell = truncateCell(toPrintable(cells[index] ?? ''), width);
      return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
    })
    .join('  ')
    .trimEnd();

export const formatHeader = (columns: readonly TableColumn[], widths: readonly number[]): string =>
  formatRow(
    columns,
    widths,
    columns.map((column) => column.header),
  );

export const formatTable = (columns: readonly TableColumn[], rows: readonly string[][]): string => {
  const widths = measureColumns(columns, rows);
  return [formatHeader(columns, widths), ...rows.map((row) => formatRow(columns, widths, row))].join('\n');
};
