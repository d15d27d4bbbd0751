// Step 2: the server's dry run over the head of the file: detected format, a field per column, predicted outcomes.

import { byId, countOf, fill, formatNumber, h, scrollingTable, showMessage } from '../dom.js';
import { codeLabel, DELIMITER_LABELS, IGNORE, PREDICTION_LABELS } from '../labels.js';
import { sampleValues } from '../sample-values.js';
import type { CustomField, Preview, PreviewRow } from '../types.js';
import { fieldSelect } from './field-select.js';
import { type HeaderChoice, headerChoiceTable } from './header-choice-table.js';
import { newFieldForm } from './new-field-form.js';
import { policySelect } from './policy-select.js';
import { rememberedNotice } from './remembered-notice.js';
import { saveProfileForm } from './save-profile-form.js';

export type { HeaderChoice };

export interface PreviewView {
  /** `headerChoice`: the rows to pick the header from stay shown above the preview of the picked one. */
  show(preview: Preview, customFields: CustomField[], headerChoice?: HeaderChoice): void;
  /** No header was found (or the picked one failed): the first rows, to pick the header row from. */
  showHeaderChoice(headerChoice: HeaderChoice, text: string, kind: 'info' | 'error'): void;
  showLoading(text: string): void;
  showError(text: string): void;
  hide(): void;
  /** Hides the panel while an import runs, keeping what it shows. */
  setHidden(hidden: boolean): void;
  focus(): void;
  setStartLabel(dryRun: boolean): void;
  setStartEnabled(enabled: boolean): void;
}

const outcomeBadge = (row: PreviewRow) =>
  h('span', { class: `badge ${row.outcome}` }, PREDICTION_LABELS[row.outcome]);

const rowDetails = (row: PreviewRow) => {
  // An update without a code may still say why it is one (it matched a contact an earlier row creates).
  if (!row.code) return row.message ?? '';
  const where = row.column ? ` in “${row.column}”` : '';
  return h('span', {}, h('strong', {}, codeLabel(row.code)), where, row.message ? `: ${row.message}` : '');
};

export const createPreviewView = (handlers: {
  onMappingChange(header: string, field: string): void;
  /** A column's own overwrite policy (empty: as the import), for the field it fills now. */
  onPolicyChange(header: string, field: string, policy: string): void;
  /** Creates the field and maps the column to it (the preview then runs again); throws when it was refused. */
  onCreateField(header: string, field: CustomField): Promise<void>;
  onHeaderRowPick(row: number): void;
  onStart(): void;
  /** "Don't use it": the preview again, and the import, without the settings remembered for the header row. */
  onIgnoreRemembered(): void;
  /** Saves the settings shown as a profile of that name; throws when the server refused it. */
  onSaveProfile(name: string): Promise<void>;
  describeError(error: unknown): string;
}): PreviewView => {
  const panel = byId('preview-panel', HTMLElement);
  const heading = byId('preview-heading', HTMLHeadingElement);
  const message = byId('preview-message', HTMLParagraphElement);
  const body = byId('preview-body', HTMLDivElement);
  const start = byId('start-import', HTMLButtonElement);
  start.addEventListener('click', () => handlers.onStart());
  /** The control to focus once the preview is drawn anew (the column just mapped to a new field). */
  let focusAfterDraw = '';

  /** Opens the new-field form in a row below the column's own; one form at a time. */
  const openNewField = (header: string, selectId: string, row: HTMLTableRowElement) => {
    body.querySelector('tr.new-field-row')?.remove();
    const select = () => document.getElementById(selectId);
    const close = () => {
      formRow.remove();
      select()?.focus();
    };
    const formRow = h(
      'tr',
      { class: 'new-field-row' },
      h(
        'td',
        { colspan: 4 },
        newFieldForm({
          header,
          idPrefix: `${selectId}-new`,
          describeError: handlers.describeError,
          onCancel: close,
          onCreate: async (field) => {
            focusAfterDraw = selectId;
            try {
              await handlers.onCreateField(header, field);
            } catch (error) {
              focusAfterDraw = '';
              throw error;
            }
          },
        }),
      ),
    );
    row.after(formRow);
    formRow.querySelector('input')?.focus();
  };

  /** A workbook has sheets, not an encoding or a delimiter: the one read, and the others it holds. */
  const fileFacts = (preview: Preview) => {
    const { workbook } = preview;
    if (!workbook) {
      return [
        h('div', {}, h('dt', {}, 'Encoding'), h('dd', { id: 'detected-encoding' }, preview.encoding)),
        h(
          'div',
          {},
          h('dt', {}, 'Delimiter'),
          h('dd', { id: 'detected-delimiter' }, DELIMITER_LABELS[preview.delimiter] ?? preview.delimiter),
        ),
      ];
    }
    const others = workbook.sheets.filter((name) => name !== workbook.sheet);
    return [
      h('div', {}, h('dt', {}, 'Sheet read'), h('dd', { id: 'detected-sheet' }, workbook.sheet)),
      h(
        'div',
        {},
        h('dt', {}, 'Sheets in the workbook'),
        h(
          'dd',
          { id: 'detected-sheets' },
          `${workbook.sheets.join(', ')}${others.length > 0 ? ' (another one is read with the import option sheet)' : ''}`,
        ),
      ),
    ];
  };

  const facts = (preview: Preview) =>
    h(
      'dl',
      { class: 'facts', id: 'detected' },
      ...fileFacts(preview),
      h(
        'div',
        {},
        h('dt', {}, 'Header row'),
        h('dd', { id: 'detected-header-row' }, `row ${preview.headerRow}`),
      ),
    );

  /** A column's first distinct non-empty values in the previewed rows, each on its own line. */
  const samples = (preview: Preview, index: number) => {
    const values = sampleValues(preview.rows, index);
    if (values.length === 0)
      return h('span', { class: 'hint' }, `Empty in the first ${countOf(preview.rows.length, 'row')}`);
    return h(
      'ul',
      { class: 'samples' },
      ...values.map((value) => h('li', { title: value.length > 30 ? value : undefined }, value)),
    );
  };

  const columnsTable = (preview: Preview, customFields: CustomField[]) => {
    const rows = preview.columns.map((column, index) => {
      const id = `map-${index}`;
      // What the server mapped, the person's changes included: the page never guesses a mapping itself.
      const value = column.field ?? IGNORE;
      const row: HTMLTableRowElement = h(
        'tr',
        { 'data-header': column.header },
        h('th', { scope: 'row' }, h('label', { for: id }, column.header || `(column ${index + 1})`)),
        h('td', { class: 'sample' }, samples(preview, index)),
        h(
          'td',
          {},
          fieldSelect(
            id,
            value,
            customFields,
            (field) => handlers.onMappingChange(column.header, field),
            () => openNewField(column.header, id, row),
          ),
        ),
        h(
          'td',
          {},
          policySelect(`policy-${index}`, column.overwrite ?? '', column.field === null, (policy) =>
            handlers.onPolicyChange(column.header, value, policy),
          ),
        ),
      );
      return row;
    });
    return scrollingTable(
      'Columns',
      h(
        'table',
        { id: 'columns-table' },
        h('caption', {}, 'Columns and the field each one fills'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Column'),
            h('th', { scope: 'col' }, 'Sample values'),
            h('th', { scope: 'col' }, 'Field'),
            h('th', { scope: 'col' }, 'Update of existing contacts'),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  };

  const rowsTable = (preview: Preview) => {
    const rows = preview.rows.map((row) =>
      h(
        'tr',
        { class: `outcome-${row.outcome}`, 'data-row': row.row },
        h('th', { scope: 'row' }, String(row.row)),
        h('td', {}, outcomeBadge(row)),
        h('td', { class: 'details' }, rowDetails(row)),
        // Long cells are cut to one line: the full text is in the tooltip.
        ...preview.headers.map((_, index) => {
          const cell = row.cells[index] ?? '';
          return h('td', { title: cell.length > 30 ? cell : undefined }, cell);
        }),
      ),
    );
    return scrollingTable(
      'First rows',
      h(
        'table',
        { id: 'preview-rows' },
        h('caption', {}, `The first ${preview.rows.length} rows and what the import would do with them`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Row'),
            h('th', { scope: 'col' }, 'Outcome'),
            h('th', { scope: 'col' }, 'Why'),
            ...preview.headers.map((header) => h('th', { scope: 'col' }, header)),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  };

  const countsLine = (preview: Preview) => {
    const { counts } = preview;
    return h(
      'p',
      { id: 'preview-counts' },
      `Of the first ${countOf(counts.rows, 'row')}: ${formatNumber(counts.created)} would be created, `,
      `${formatNumber(counts.updated)} would update a contact, ${formatNumber(counts.skipped)} skipped, `,
      `${formatNumber(counts.errored)} with errors.`,
    );
  };

  /** The id of the control in the panel that has the focus: drawn anew, a keyboard user stays on it. */
  const focusedId = () =>
    document.activeElement instanceof HTMLElement && body.contains(document.activeElement)
      ? document.activeElement.id
      : '';

  return {
    show: (preview, customFields, headerChoice) => {
      panel.hidden = false;
      body.removeAttribute('aria-busy');
      showMessage(message, '');
      // The columns are drawn anew: a keyboard user stays on the select they just changed.
      const focused = focusedId();
      fill(
        body,
        headerChoice ? headerChoiceTable(headerChoice, handlers.onHeaderRowPick) : null,
        facts(preview),
        preview.remembered ? rememberedNotice(preview.remembered, handlers.onIgnoreRemembered) : null,
        preview.warnings.length > 0
          ? h(
              'ul',
              { class: 'warnings', 'aria-label': 'Warnings' },
              ...preview.warnings.map((warning) => h('li', {}, warning.message)),
            )
          : null,
        columnsTable(preview, customFields),
        saveProfileForm({ onSave: handlers.onSaveProfile, describeError: handlers.describeError }),
        countsLine(preview),
        preview.rows.length > 0 ? rowsTable(preview) : h('p', {}, 'The file has no data rows.'),
      );
      const toFocus = focusAfterDraw || focused;
      focusAfterDraw = '';
      if (toFocus) document.getElementById(toFocus)?.focus();
      start.disabled = false;
    },
    showHeaderChoice: (headerChoice, text, kind) => {
      panel.hidden = false;
      body.removeAttribute('aria-busy');
      const focused = focusedId();
      showMessage(message, text, kind);
      fill(body, headerChoiceTable(headerChoice, handlers.onHeaderRowPick));
      if (focused) document.getElementById(focused)?.focus();
      start.disabled = true;
    },
    showLoading: (text) => {
      panel.hidden = false;
      body.setAttribute('aria-busy', 'true');
      start.disabled = true;
      showMessage(message, text, 'info');
    },
    showError: (text) => {
      panel.hidden = false;
      body.removeAttribute('aria-busy');
      start.disabled = true;
      showMessage(message, text, 'error');
    },
    hide: () => {
      panel.hidden = true;
      body.replaceChildren();
    },
    setHidden: (hidden) => {
      panel.hidden = hidden;
    },
    focus: () => heading.focus(),
    setStartLabel: (dryRun) => {
      start.textContent = dryRun ? 'Start the dry run' : 'Start the import';
    },
    setStartEnabled: (enabled) => {
      start.disabled = !enabled;
    },
  };
};
