// Step 4: an import's summary: counts by outcome, skipped reasons, the errors table and the ways on from there.

import { byId, fill, formatDate, formatNumber, h, scrollingTable } from '../dom.js';
import {
  codeLabel,
  DRY_RUN_OUTCOME_LABELS,
  fieldLabel,
  isEnded,
  MODE_LABELS,
  OUTCOME_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
} from '../labels.js';
import type { CustomField, ImportSummary, Outcome } from '../types.js';

export interface ResultActions {
  onDownloadReport(summary: ImportSummary, message: HTMLElement): Promise<void>;
  onImportFixed(summary: ImportSummary): void;
  onRunForReal(summary: ImportSummary): void;
  onNewImport(): void;
}

/** A part another view adds to every result, drawn from the summary; `null` where it has nothing to show. */
export type ResultPart = (summary: ImportSummary) => Node | null;

/** Where a part goes: below the counts, or among the actions of a finished import. */
export type ResultPlace = 'counts' | 'actions';

export interface ResultView {
  show(summary: ImportSummary, options: { canRunForReal: boolean; focus: boolean }): void;
  hide(): void;
  /** Adds a part (e.g. "Undo this import", "the contacts it created") to every result shown from now on. */
  addPart(place: ResultPlace, part: ResultPart): void;
}

const OUTCOMES: Outcome[] = ['created', 'updated', 'skipped', 'errored'];

const isFinished = (summary: ImportSummary) => isEnded(summary.status);

const headline = (summary: ImportSummary): string => {
  const name = summary.fileName;
  if (summary.status === 'failed')
    return summary.options.dryRun ? `The dry run of ${name} failed` : `The import of ${name} failed`;
  if (summary.status === 'cancelled')
    return `The ${summary.options.dryRun ? 'dry run' : 'import'} of ${name} was cancelled`;
  if (summary.status === 'expired') return `${name}: the upload never arrived`;
  if (summary.status === 'completed')
    return summary.options.dryRun ? `Dry run of ${name}: nothing was written` : `Imported ${name}`;
  return `${name}: ${STATUS_LABELS[summary.status].toLowerCase()}`;
};

/** Why an import into an empty workspace can count updates: later rows matched contacts earlier rows created. */
const matchedEarlierNote = (summary: ImportSummary) => {
  const rows = summary.matchedEarlierRows ?? 0;
  if (rows === 0) return null;
  return h(
    'p',
    { class: 'note', id: 'result-matched-earlier' },
    `${formatNumber(rows)} of the updated or unchanged rows matched ${rows === 1 ? 'a contact' : 'contacts'} that earlier rows of this file ${summary.options.dryRun ? 'would create' : 'created'}.`,
  );
};

const countsList = (summary: ImportSummary) =>
  h(
    'dl',
    { class: 'counts', id: 'result-counts' },
    h('div', { class: 'count rows' }, h('dt', {}, 'Rows'), h('dd', {}, formatNumber(summary.counts.rows))),
    ...OUTCOMES.map((outcome) =>
      h(
        'div',
        { class: `count ${outcome}`, 'data-outcome': outcome },
        h('dt', {}, (summary.options.dryRun ? DRY_RUN_OUTCOME_LABELS : OUTCOME_LABELS)[outcome]),
        h('dd', {}, formatNumber(summary.counts[outcome])),
      ),
    ),
  );

const skippedList = (summary: ImportSummary) => {
  const reasons = Object.entries(summary.skippedBy).filter(
    (entry): entry is [string, number] => (entry[1] ?? 0) > 0,
  );
  if (reasons.length === 0) return null;
  return h(
    'div',
    {},
    h('h4', {}, 'Why rows were skipped'),
    h(
      'ul',
      { id: 'skipped-reasons' },
      ...reasons.map(([code, count]) =>
        h('li', { 'data-code': code }, `${codeLabel(code)}: ${formatNumber(count)}`),
      ),
    ),
  );
};

/** Cells left out of imported rows (`invalidCells: cell`); the error report names each row and column. */
const cellErrorsList = (summary: ImportSummary) => {
  const codes = Object.entries(summary.cellErrors ?? {}).filter(
    (entry): entry is [string, number] => (entry[1] ?? 0) > 0,
  );
  if (codes.length === 0) return null;
  return h(
    'div',
    {},
    h('h4', {}, 'Cells left out of imported rows'),
    h(
      'ul',
      { id: 'cell-errors' },
      ...codes.map(([code, count]) =>
        h('li', { 'data-code': code }, `${codeLabel(code)}: ${formatNumber(count)}`),
      ),
    ),
  );
};

const errorsTable = (summary: ImportSummary) => {
  if (summary.errors.length === 0) return null;
  const rows = summary.errors.map((error) =>
    h(
      'tr',
      { 'data-row': error.row },
      h('th', { scope: 'row' }, String(error.row)),
      h('td', {}, error.column ?? ''),
      h('td', { 'data-code': error.code }, codeLabel(error.code)),
      h('td', {}, error.message),
    ),
  );
  const more = summary.counts.errored - summary.errors.length;
  return h(
    'div',
    {},
    h('h4', {}, 'Rows with errors'),
    scrollingTable(
      'Rows with errors',
      h(
        'table',
        { id: 'errors-table' },
        h('caption', { class: 'visually-hidden' }, 'Rows with errors'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Row'),
            h('th', { scope: 'col' }, 'Column'),
            h('th', { scope: 'col' }, 'Problem'),
            h('th', { scope: 'col' }, 'Message'),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
    more > 0
      ? h(
          'p',
          { class: 'hint' },
          `${formatNumber(more)} more errored rows are not listed here: the error report has all of them.`,
        )
      : null,
  );
};

const columnsUsed = (summary: ImportSummary, customFields: readonly CustomField[]) => {
  if (summary.columns.length === 0) return null;
  return h(
    'details',
    { class: 'columns-used' },
    h('summary', {}, 'How the columns were mapped'),
    h(
      'ul',
      {},
      ...summary.columns.map((column) =>
        h(
          'li',
          {},
          `${column.header || '(no header)'} → `,
          column.field
            ? h('span', { 'data-field': column.field }, fieldLabel(column.field, customFields))
            : 'ignored',
        ),
      ),
    ),
  );
};

export const createResultView = (
  customFields: () => readonly CustomField[],
  actions: ResultActions,
): ResultView => {
  const panel = byId('result-panel', HTMLElement);
  const heading = byId('result-heading', HTMLHeadingElement);
  const body = byId('result-body', HTMLDivElement);
  const parts: Record<ResultPlace, ResultPart[]> = { counts: [], actions: [] };
  const partsOf = (place: ResultPlace, summary: ImportSummary) => parts[place].map((part) => part(summary));

  return {
    show: (summary, options) => {
      panel.hidden = false;
      heading.textContent = headline(summary);
      const reportMessage = h('p', { class: 'message', role: 'status', 'aria-live': 'polite', hidden: true });
      const hasReportRows = summary.counts.errored + summary.counts.skipped > 0;
      const reportButton = h(
        'button',
        {
          type: 'button',
          id: 'download-report',
          onclick: async () => {
            reportButton.disabled = true;
            try {
              await actions.onDownloadReport(summary, reportMessage);
            } finally {
              reportButton.disabled = false;
            }
          },
        },
        'Download the error report (CSV)',
      );
      const meta = [
        `Mode: ${MODE_LABELS[summary.options.mode]}`,
        `default country ${summary.options.defaultCountry}`,
        summary.options.dryRun ? 'dry run' : '',
        summary.finishedAt
          ? `finished ${formatDate(summary.finishedAt)}`
          : `created ${formatDate(summary.createdAt)}`,
      ].filter(Boolean);
      fill(
        body,
        h(
          'p',
          { class: 'meta' },
          h('span', { class: `status ${summary.status}` }, STATUS_LABELS[summary.status]),
          ' ',
          meta.join(' · '),
          ` · source: ${SOURCE_LABELS[summary.source]} · id `,
          h('code', { id: 'result-import-id' }, summary.id),
        ),
        summary.failure
          ? h(
              'div',
              { class: 'message', 'data-kind': 'error', role: 'alert', id: 'result-failure' },
              h('strong', {}, summary.options.dryRun ? 'The dry run failed: ' : 'The import failed: '),
              summary.failure.message,
              ` (${summary.failure.code}).`,
              summary.counts.rows > 0
                ? summary.options.dryRun
                  ? ' Nothing was written; the rows checked before it stopped are counted below.'
                  : ' The rows applied before it stopped stay applied; they are counted below.'
                : '',
            )
          : null,
        countsList(summary),
        matchedEarlierNote(summary),
        ...partsOf('counts', summary),
        skippedList(summary),
        cellErrorsList(summary),
        summary.warnings.length > 0
          ? h(
              'ul',
              { class: 'warnings', 'aria-label': 'Warnings' },
              ...summary.warnings.map((warning) => h('li', {}, warning.message)),
            )
          : null,
        errorsTable(summary),
        columnsUsed(summary, customFields()),
        isFinished(summary)
          ? h(
              'div',
              { class: 'actions' },
              hasReportRows ? reportButton : null,
              hasReportRows
                ? h(
                    'button',
                    {
                      type: 'button',
                      id: 'import-fixed',
                      class: 'primary',
                      onclick: () => actions.onImportFixed(summary),
                    },
                    'Import the fixed file',
                  )
                : null,
              options.canRunForReal
                ? h(
                    'button',
                    {
                      type: 'button',
                      id: 'run-for-real',
                      class: 'primary',
                      onclick: () => actions.onRunForReal(summary),
                    },
                    'Import it for real',
                  )
                : null,
              h(
                'button',
                { type: 'button', id: 'new-import', onclick: () => actions.onNewImport() },
                'Import another file',
              ),
              ...partsOf('actions', summary),
            )
          : null,
        hasReportRows && isFinished(summary)
          ? h(
              'p',
              { class: 'hint' },
              'The error report lists every errored or skipped row with its reason. Fix it (or your own file) and import it again with the same options and mapping.',
            )
          : null,
        reportMessage,
      );
      if (options.focus) heading.focus();
    },
    hide: () => {
      panel.hidden = true;
      body.replaceChildren();
    },
    addPart: (place, part) => {
      parts[place].push(part);
    },
  };
};
