// The file's first rows with a radio each, "Row N is the header": for a file whose header the server did not find.

import { h, scrollingTable } from '../dom.js';
import type { FileRow } from '../types.js';

/** The file's first rows when the server found no header, and the one the person picked as the header. */
export interface HeaderChoice {
  rows: FileRow[];
  picked?: number;
}

/** A radio per row, "Row N is the header", beside the row's cells: the header is what the person says it is. */
export const headerChoiceTable = (choice: HeaderChoice, onPick: (row: number) => void) => {
  const width = Math.max(0, ...choice.rows.map((row) => row.cells.length));
  const rows = choice.rows.map((row) => {
    const id = `header-row-${row.row}`;
    return h(
      'tr',
      { 'data-row': row.row, class: row.row === choice.picked ? 'picked' : undefined },
      h(
        'th',
        { scope: 'row' },
        h('input', {
          type: 'radio',
          name: 'header-row',
          id,
          value: String(row.row),
          checked: row.row === choice.picked,
          onchange: () => onPick(row.row),
        }),
        ' ',
        h('label', { for: id }, `Row ${row.row} is the header`),
      ),
      ...Array.from({ length: width }, (_, index) => {
        const cell = row.cells[index] ?? '';
        return h('td', { title: cell.length > 30 ? cell : undefined }, cell);
      }),
    );
  });
  return h(
    'fieldset',
    { id: 'header-choice' },
    h('legend', {}, 'Which row holds the column names?'),
    h(
      'p',
      { class: 'hint' },
      'Pick the header row, then choose the field each column fills in the table below it. ',
      'Rows above the header are not imported.',
    ),
    scrollingTable(
      'First rows of the file',
      h(
        'table',
        { id: 'header-rows' },
        h('caption', {}, `The first ${choice.rows.length} rows of the file`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Header'),
            ...Array.from({ length: width }, (_, index) => h('th', { scope: 'col' }, `Column ${index + 1}`)),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
};
