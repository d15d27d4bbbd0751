// The workspace's recent imports, newest first: source, a short id, dry runs marked, each a link to its result.

import type { ApiClient } from '../api.js';
import { byId, countOf, formatDate, formatNumber, h, scrollingTable, showMessage } from '../dom.js';
import { SOURCE_LABELS, STATUS_LABELS } from '../labels.js';
import { importHref } from '../router.js';
import type { ImportSummary } from '../types.js';

export interface ImportsView {
  load(): Promise<void>;
  /** Draws one import's row anew (its undo ended, say), leaving the rest of the list as it is. */
  update(summary: ImportSummary): void;
}

/** What recent imports show of an import's undo (undo-panel.ts): a mark in its status, an Undo button. */
export interface RowUndo {
  rowStatus(summary: ImportSummary): Node | null;
  rowAction(summary: ImportSummary, place: (box: HTMLElement | null) => void): HTMLButtonElement | null;
}

/** The end of the id (a ULID's random part: its start is the time, alike for imports of the same second). */
export const shortId = (id: string): string => `…${id.slice(-6)}`;

export const createImportsView = (
  api: ApiClient,
  handlers: {
    onOpen(summary: ImportSummary): void;
    onError(error: unknown, where: HTMLElement): void;
    undo: RowUndo;
  },
): ImportsView => {
  const list = byId('imports-list', HTMLDivElement);
  const message = byId('imports-message', HTMLParagraphElement);
  const refresh = byId('refresh-imports', HTMLButtonElement);
  let imports: ImportSummary[] = [];
  let cursor: string | undefined;

  const copyId = async (summary: ImportSummary) => {
    try {
      await navigator.clipboard.writeText(summary.id);
      showMessage(message, `Copied the id ${summary.id}.`, 'ok');
    } catch {
      // No clipboard (an insecure origin, a refused permission): the id to copy by hand.
      showMessage(message, `The id of this import is ${summary.id}.`, 'info');
    }
  };

  const row = (summary: ImportSummary) => {
    const { counts } = summary;
    const when = formatDate(summary.createdAt);
    const href = importHref(summary.id);
    const undoMark = handlers.undo.rowStatus(summary);
    return h(
      'tr',
      { 'data-import-id': summary.id },
      h('th', { scope: 'row' }, summary.fileName),
      h(
        'td',
        { class: 'import-id' },
        h('code', { title: summary.id }, shortId(summary.id)),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'small link',
            'aria-label': `Copy the id ${summary.id}`,
            onclick: () => void copyId(summary),
          },
          'Copy',
        ),
      ),
      h('td', { 'data-source': summary.source }, SOURCE_LABELS[summary.source]),
      h('td', {}, when),
      h(
        'td',
        {},
        h('span', { class: `status ${summary.status}` }, STATUS_LABELS[summary.status]),
        summary.options.dryRun ? ' ' : null,
        summary.options.dryRun ? h('span', { class: 'badge dry-run' }, 'Dry run') : null,
        undoMark ? ' ' : null,
        undoMark,
      ),
      h(
        'td',
        {},
        // A dry run wrote nothing: its counts are what it would have done.
        summary.options.dryRun
          ? `${countOf(counts.rows, 'row')}: would create ${formatNumber(counts.created)}, update ${formatNumber(counts.updated)}, skip ${formatNumber(counts.skipped)}, error ${formatNumber(counts.errored)}`
          : `${countOf(counts.rows, 'row')}: ${formatNumber(counts.created)} created, ${formatNumber(counts.updated)} updated, ${formatNumber(counts.skipped)} skipped, ${formatNumber(counts.errored)} errored`,
      ),
      h(
        'td',
        {},
        h(
          'a',
          {
            href,
            class: 'button small',
            'aria-label': `Open the ${summary.options.dryRun ? 'dry run' : 'import'} of ${summary.fileName} from ${when} (${shortId(summary.id)})`,
            onclick: (event: Event) => {
              // A new tab or window (a modifier, the middle button) opens the link as it is.
              if (
                event instanceof MouseEvent &&
                (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)
              )
                return;
              event.preventDefault();
              handlers.onOpen(summary);
            },
          },
          'Open',
        ),
        ' ',
        handlers.undo.rowAction(summary, (box) => placeUndo(summary.id, box)),
      ),
    );
  };

  const rowOf = (importId: string) =>
    list.querySelector<HTMLTableRowElement>(`tr[data-import-id="${importId}"]`) ?? undefined;

  /** An undo's box goes in a row of its own below the import's row; `null` takes it away. */
  const placeUndo = (importId: string, box: HTMLElement | null) => {
    const tr = rowOf(importId);
    const next = tr?.nextElementSibling;
    if (next instanceof HTMLTableRowElement && next.classList.contains('undo-row')) next.remove();
    if (!tr || !box) return;
    tr.after(h('tr', { class: 'undo-row', 'data-undo-of': importId }, h('td', { colspan: 7 }, box)));
  };

  const update = (summary: ImportSummary) => {
    const at = imports.findIndex((i) => i.id === summary.id);
    if (at < 0) return;
    imports[at] = summary;
    rowOf(summary.id)?.replaceWith(row(summary));
  };
  const render = () => {
    list.replaceChildren();
    if (imports.length === 0) {
      list.append(h('p', { class: 'hint' }, 'No imports yet.'));
      return;
    }
    list.append(
      scrollingTable(
        // Not "Recent imports": that names the section around it already.
        'Table of recent imports',
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
              h('th', { scope: 'col' }, 'Id'),
              h('th', { scope: 'col' }, 'Source'),
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

  return { load, update };
};
