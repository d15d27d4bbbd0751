// An import's states and results beyond its counts: the Stop button while it runs, and in its result the errors
// grouped by code, where a cancelled import stopped, and an upload that never arrived.

import type { ApiClient } from '../api.js';
import { byId, formatNumber, h, saveFile, showMessage } from '../dom.js';
import { codeLabel } from '../labels.js';
import type { ImportSummary } from '../types.js';
import type { ResultPart } from './result-view.js';

/** "500 × Invalid email (invalid_email)", then an example row of that code from the first errors. */
export const erroredByPart: ResultPart = (summary) => {
  const codes = Object.entries(summary.erroredBy ?? {})
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort(([, a], [, b]) => b - a);
  if (codes.length === 0) return null;
  return h(
    'div',
    {},
    h('h4', {}, 'Errors by code'),
    h(
      'ul',
      { id: 'errors-by-code' },
      ...codes.map(([code, count]) => {
        const example = summary.errors.find((error) => error.code === code);
        return h(
          'li',
          { 'data-code': code },
          h('strong', {}, `${formatNumber(count)} × ${codeLabel(code)}`),
          ` (${code})`,
          example
            ? h(
                'span',
                { class: 'hint' },
                ` — for example row ${example.row}${example.column ? `, ${example.column}` : ''}: ${example.message}`,
              )
            : null,
        );
      }),
    ),
  );
};

/** Where a cancelled import stopped, and that what it applied stays; an upload that never came. */
export const endedPart: ResultPart = (summary) => {
  if (summary.status === 'cancelled') {
    const { lastRow } = summary.progress;
    return h(
      'p',
      { class: 'message', 'data-kind': 'info', id: 'result-cancelled' },
      h(
        'strong',
        {},
        lastRow === undefined ? 'Cancelled before any row was imported.' : `Cancelled at row ${lastRow}.`,
      ),
      lastRow === undefined ? '' : ' The rows up to it stay imported and counted.',
    );
  }
  if (summary.status === 'expired') {
    return h(
      'p',
      { class: 'message', 'data-kind': 'error', id: 'result-expired' },
      h('strong', {}, 'The upload never arrived. '),
      'Its upload link expired before the file reached the server, so nothing was imported. Choose the file again to start a new import.',
    );
  }
  return null;
};

export interface StopControl {
  /** Shows the Stop button while `summary` runs (or waits), hides it once it has ended. */
  follow(summary: ImportSummary): void;
  hide(): void;
}

/** The Stop button of the progress panel: asks to confirm, then POST /imports/{id}/cancel. */
export const createStopControl = (
  api: ApiClient,
  deps: { onError(error: unknown, where: HTMLElement): void },
): StopControl => {
  const panel = byId('progress-panel', HTMLElement);
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite', hidden: true });
  const stop = h('button', { type: 'button', id: 'stop-import' }, 'Stop the import');
  const confirmYes = h('button', { type: 'button', id: 'confirm-stop', class: 'danger' }, 'Yes, stop it');
  const confirmNo = h('button', { type: 'button', id: 'keep-importing' }, 'Keep importing');
  const confirm = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': 'confirm-stop-text', hidden: true },
    h(
      'p',
      { id: 'confirm-stop-text' },
      'Stop this import? It stops at its next batch of rows; the rows imported until then stay imported.',
    ),
    confirmYes,
    confirmNo,
  );
  const box = h('div', { class: 'stop-import', hidden: true }, stop, confirm, message);
  panel.append(box);
  let current: ImportSummary | undefined;

  const render = () => {
    const stopping = current?.cancelRequestedAt !== undefined;
    stop.disabled = stopping;
    stop.textContent = stopping ? 'Stopping at the next batch…' : 'Stop the import';
  };
  stop.addEventListener('click', () => {
    confirm.hidden = false;
    stop.hidden = true;
    confirmNo.focus();
  });
  confirmNo.addEventListener('click', () => {
    confirm.hidden = true;
    stop.hidden = false;
    stop.focus();
  });
  confirmYes.addEventListener('click', async () => {
    if (!current) return;
    confirmYes.disabled = true;
    try {
      current = await api.cancelImport(current.id);
      confirm.hidden = true;
      stop.hidden = false;
      render();
      showMessage(message, 'Stopping: the import ends at its next batch.', 'info');
    } catch (error) {
      deps.onError(error, message);
    } finally {
      confirmYes.disabled = false;
    }
  });

  return {
    follow: (summary) => {
      const ended = !['pending', 'running'].includes(summary.status);
      if (ended) {
        box.hidden = true;
        current = undefined;
        return;
      }
      if (current?.id !== summary.id) {
        confirm.hidden = true;
        stop.hidden = false;
        showMessage(message, '');
      }
      current = summary;
      box.hidden = false;
      render();
    },
    hide: () => {
      box.hidden = true;
      current = undefined;
    },
  };
};

/** "Download the template with an example row" (GET /template?example=true) beside the plain template. */
export const bindTemplateExample = (
  api: ApiClient,
  deps: { onError(error: unknown, where: HTMLElement): void },
): void => {
  const button = byId('download-template-example', HTMLButtonElement);
  const message = byId('template-message', HTMLParagraphElement);
  button.addEventListener('click', async () => {
    button.disabled = true;
    showMessage(message, '');
    try {
      const { blob, fileName } = await api.downloadTemplate(true);
      saveFile(blob, fileName);
      showMessage(message, `Downloaded ${fileName}: its example row imports as one contact.`, 'ok');
    } catch (error) {
      deps.onError(error, message);
    } finally {
      button.disabled = false;
    }
  });
};
