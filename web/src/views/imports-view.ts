// The workspace's recent imports, newest first, each openable to its summary.

import type { ApiClient } from '../api.js';
import { byId, countOf, formatDate, formatNumber, h, scrollingTable, showMessage } from '../dom.js';
import { STATUS_LABELS } from '../labels.js';
import type { ImportSummary } from '../types.js';

export interface ImportsView {
  load(): Promise<void>;
}

export const createImportsView = (
  api: ApiClient,
  handlers: { onOpen(summary: ImportSummary): void; onError(error: unknown, where: HTMLElement): void },
): ImportsView => {
  const list = byId('imports-list', HTMLDivElement);
  const message = byId('imports-message', HTMLParagraphElement);
  const refresh = byId('refresh-imports', HTMLButtonElement);
  let imports: ImportSummary[] = [];
  let cursor: string | undefined;

  const row = (summary: ImportSummary) => {
    const { counts } = summary;
    return h(
      'tr',
      { 'data-import-id': summary.id },
      h('th', { scope: 'row' }, summary.fileName),
      h('td', {}, formatDate(summary.createdAt)),
      h(
        'td',
        {},
        h('span', { class: `status ${summary.status}` }, STATUS_LABELS[summary.status]),
        summary.options.dryRun ? ' (dry run)' : '',
      ),
      h(
        'td',
        {},
        `${countOf(counts.rows, 'row')}: ${formatNumber(counts.created)} created, ${formatNumber(counts.updated)} updated, ${formatNumber(counts.skipped)} skipped, ${formatNumber(counts.errored)} errored`,
      ),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            'aria-label': `Open the import of ${summary.fileName} from ${formatDate(summary.createdAt)}`,
            onclick: () => handlers.onOpen(summary),
          },
          'Open',
        ),
      ),
    );
  };

  const render = () => {
    list.replaceChildren();
    if (imports.length === 0) {
      list.append(h('p', { class: 'hint' }, 'No imports yet.'));
      return;
    }
    list.append(
      scrollingTable(
        'Recent imports',
        h(
          'table',
          { id: 'imports-table' },
          h('caption', { class: 'visually-hidden' }, 'Recent imports, newest first'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'File'),
              h('th', { scope: 'col' }, 'Created'),
              h('th', { scope: 'col' }, 'Status'),
              h('th', { scope: 'col' }, 'Rows'),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
            ),
          ),
          h('tbody', {}, ...imports.map(row)),
        ),
      ),
    );
    if (cursor) {
      const more = h('button', { type: 'button', id: 'more-imports' }, 'Show older imports');
      more.addEventListener('click', async () => {
        more.disabled = true;
        try {
          const page = await api.listImports(cursor);
          imports = [...imports, ...page.imports];
          cursor = page.cursor;
          render();
        } catch (error) {
          more.disabled = false;
          handlers.onError(error, message);
        }
      });
      list.append(h('p', {}, more));
    }
  };

  const load = async () => {
    const page = await api.listImports();
    imports = page.imports;
    cursor = page.cursor;
    showMessage(message, '');
    render();
  };

  refresh.addEventListener('click', async () => {
    refresh.disabled = true;
    try {
      await load();
      showMessage(message, 'Up to date.', 'ok');
    } catch (error) {
      handlers.onError(error, message);
    } finally {
      refresh.disabled = false;
    }
  });

  return { load };
};
