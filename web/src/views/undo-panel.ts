// Where "Undo this import" is offered (SPEC §10): below a result, and as "Undo" in a row of recent imports, whose
// status says when an import was undone or that it is being undone. The flow itself is undo-box.ts.

import { countOf, formatDate, h } from '../dom.js';
import type { ImportSummary } from '../types.js';
import { shortId } from './imports-view.js';
import type { ResultPart } from './result-view.js';
import { createUndoBox, type UndoBoxDeps, type UndoBoxOptions, undoStateOf } from './undo-box.js';

export interface UndoPanel {
  /** The result's "Undo this import", or what its undo did, or its progress. */
  resultPart: ResultPart;
  /** The status cell's mark of recent imports: "Undone …" or "Being undone"; `null` for the others. */
  rowStatus(summary: ImportSummary): Node | null;
  /** A row's "Undo" button: it opens the undo's box below the row (`place(box)`), and closes it (`place(null)`). */
  rowAction(summary: ImportSummary, place: (box: HTMLElement | null) => void): HTMLButtonElement | null;
}

export const createUndoPanel = (deps: UndoBoxDeps): UndoPanel => {
  const createBox = (summary: ImportSummary, options: UndoBoxOptions) =>
    createUndoBox(deps, summary, options);

  const resultPart: ResultPart = (summary) => {
    const state = undoStateOf(summary);
    if (state === 'none') return null;
    const trigger =
      state === 'offered'
        ? h('button', { type: 'button', class: 'undo-start' }, 'Undo this import')
        : undefined;
    const box = createBox(summary, trigger ? { trigger } : {});
    trigger?.addEventListener('click', () => box.start());
    if (state === 'running') box.follow();
    return box.element;
  };

  const rowStatus = (summary: ImportSummary): Node | null => {
    const state = undoStateOf(summary);
    if (state === 'undone')
      return h(
        'span',
        { class: 'badge undone', 'data-undo-state': state },
        `Undone ${formatDate(summary.revert?.finishedAt)}`,
      );
    if (state === 'running') {
      const done = summary.revert?.counts.contacts ?? 0;
      return h(
        'span',
        { class: 'badge undoing', 'data-undo-state': state },
        `Being undone: ${countOf(done, 'contact')} so far`,
      );
    }
    return null;
  };

  const rowAction = (
    summary: ImportSummary,
    place: (box: HTMLElement | null) => void,
  ): HTMLButtonElement | null => {
    if (undoStateOf(summary) !== 'offered') return null;
    const trigger = h(
      'button',
      {
        type: 'button',
        class: 'small undo-start',
        // Named as the row's Open is: same-named files are told apart by their date and short id.
        'aria-label': `Undo the import of ${summary.fileName} from ${formatDate(summary.createdAt)} (${shortId(summary.id)})`,
      },
      'Undo',
    );
    trigger.addEventListener('click', () => {
      const box = createBox(summary, {
        trigger,
        onClose: () => {
          place(null);
          trigger.disabled = false;
          trigger.focus();
        },
      });
      place(box.element);
      box.start();
    });
    return trigger;
  };

  return { resultPart, rowStatus, rowAction };
};
