// One import's undo box: the dry run first, its counts with Confirm and Cancel, then the undo's one progress figure
// (a hidden live region reads it out) and its result; a refusal (409) said in words. Offered by undo-panel.ts.

import { type ApiClient, ApiError } from '../api.js';
import { countOf, formatDate, formatNumber, h, showMessage, sleep } from '../dom.js';
import { REVERT_REFUSAL_LABELS } from '../labels.js';
import { pollRead } from '../poll-read.js';
import type { ImportSummary, RevertSummary } from '../types.js';
// Screen readers hear the undo's progress as often as the import's.
import { ANNOUNCE_EVERY_MS } from './progress-view.js';
import { describeRevert } from './revert-sentence.js';

/** Nothing to undo (a dry run, an import not ended or failed), an undo to offer, a real one running, or done. */
export type UndoState = 'none' | 'offered' | 'running' | 'undone';

export const undoStateOf = (summary: ImportSummary): UndoState => {
  if (summary.options.dryRun || (summary.status !== 'completed' && summary.status !== 'cancelled'))
    return 'none';
  // An import that created and updated nothing has nothing to undo: no button that would only say so.
  if (summary.counts.created + summary.counts.updated === 0) return 'none';
  const revert = summary.revert;
  if (revert && !revert.dryRun && revert.status === 'completed') return 'undone';
  if (revert && !revert.dryRun && revert.status === 'running') return 'running';
  // No revert yet, a dry run of one, or a real one that failed (it may be started again).
  return 'offered';
};

const POLL_MS = 300;

export interface UndoBoxDeps {
  api: ApiClient;
  onError(error: unknown, where: HTMLElement): void;
  /** An undo ended, or a refusal showed the import's undo state changed: other views show it anew. */
  onChanged(summary: ImportSummary): void;
}

export interface UndoBox {
  element: HTMLElement;
  /** "Undo this import" pressed: the dry run, then its counts with Confirm and Cancel. */
  start(): void;
  /** Follows a real undo already running, once the box is on the page. */
  follow(): void;
}

/** `trigger` starts the box: its own in a result (inside it); a row's in a list (outside it, `onClose` on Cancel). */
export interface UndoBoxOptions {
  trigger?: HTMLButtonElement;
  onClose?(): void;
}

let boxes = 0;

/** A failed revert's reason as the summary gives it (a sentence and a space), or nothing. */
const failureOf = (revert: RevertSummary): string => (revert.failure ? `${revert.failure.message} ` : '');

export const createUndoBox = (
  deps: UndoBoxDeps,
  initial: ImportSummary,
  options: UndoBoxOptions,
): UndoBox => {
  const n = ++boxes;
  let summary = initial;
  let lastAnnounced = 0;
  const message = h('p', {
    class: 'message',
    role: 'status',
    'aria-live': 'polite',
    tabindex: -1,
    hidden: true,
  });
  const confirmHeading = h('h4', { id: `undo-confirm-${n}`, tabindex: -1 }, 'Undo this import?');
  const confirmText = h('p', { id: `undo-dry-run-${n}`, class: 'undo-dry-run' });
  const confirmYes = h('button', { type: 'button', class: 'danger' }, 'Confirm: undo the import');
  const confirmNo = h('button', { type: 'button' }, 'Cancel');
  const confirm = h(
    'div',
    {
      class: 'confirm undo-confirm',
      role: 'group',
      'aria-labelledby': `undo-confirm-${n}`,
      'aria-describedby': `undo-dry-run-${n}`,
      hidden: true,
    },
    confirmHeading,
    confirmText,
    h(
      'p',
      { class: 'hint' },
      'Fields and contacts changed since the import keep their new values. An undo cannot itself be undone.',
    ),
    h('div', { class: 'actions' }, confirmYes, confirmNo),
  );
  const bar = h('progress', { id: `undo-progress-${n}`, max: 1 });
  const barText = h('span', { class: 'meter-text undo-figure' });
  const live = h('p', {
    class: 'visually-hidden',
    role: 'status',
    'aria-live': 'polite',
    'aria-atomic': 'true',
  });
  const progress = h(
    'div',
    { class: 'undo-progress', hidden: true },
    h('div', { class: 'meter' }, h('label', { for: `undo-progress-${n}` }, 'Undo'), bar, barText),
    live,
  );
  const result = h('p', { class: 'undo-result', tabindex: -1, hidden: true });
  const element = h(
    'div',
    { class: 'undo', 'data-import-id': summary.id },
    options.trigger && options.onClose === undefined ? options.trigger : null,
    message,
    confirm,
    progress,
    result,
  );

  const setState = () => {
    element.dataset.undoState = undoStateOf(summary);
  };
  setState();

  const speak = (text: string) => {
    lastAnnounced = Date.now();
    live.textContent = text;
  };

  const showProgress = (current: ImportSummary) => {
    const done = current.revert?.counts.contacts ?? 0;
    const most = Math.max(1, current.counts.created + current.counts.updated);
    bar.max = most;
    bar.value = Math.min(done, most);
    barText.textContent = `Undoing: ${formatNumber(done)} of at most ${countOf(most, 'contact')}`;
    if (Date.now() - lastAnnounced > ANNOUNCE_EVERY_MS) speak(barText.textContent);
  };

  /** Polls the summary until its revert ends; `undefined` once the box left the page. */
  const waitForRevert = async (onTick?: (current: ImportSummary) => void) => {
    for (;;) {
      if (!element.isConnected) return undefined;
      const current = await pollRead(() => deps.api.getImport(summary.id), {
        abandoned: () => !element.isConnected,
      });
      if (!current) return undefined;
      summary = current;
      onTick?.(current);
      if (current.revert && current.revert.status !== 'running') return current;
      await sleep(POLL_MS);
    }
  };

  const trigger = options.trigger;
  /** In a result the box holds its button; in a list the row holds it, and Cancel closes the box. */
  const inRow = options.onClose !== undefined;
  const setTriggerHidden = (hidden: boolean) => {
    if (trigger && !inRow) trigger.hidden = hidden;
  };
  const focusAfter = (target: HTMLElement) => {
    if (target.isConnected && !target.hidden) target.focus();
  };

  /** A 409 in words; the box shows the import's undo state as it now is. */
  const showRefusal = async (error: ApiError) => {
    const lead = REVERT_REFUSAL_LABELS[error.code] ?? 'The undo was refused.';
    // The server's reason adds to the lead where it says why (the import's state, the window's days).
    const reason =
      error.code === 'not_revertible' || error.code === 'revert_window_passed' ? ` (${error.message})` : '';
    confirm.hidden = true;
    try {
      summary = await deps.api.getImport(summary.id);
    } catch {
      // The refusal says enough.
    }
    setState();
    const state = undoStateOf(summary);
    if (error.code === 'revert_running' && state === 'running') {
      showMessage(message, `${lead} Its progress shows here.`, 'info');
      void followRealRevert();
      return;
    }
    const again = error.code === 'revert_running' ? ' Try again in a moment.' : '';
    showMessage(message, `${lead}${reason}${again}`, 'error');
    if (error.code === 'revert_running') {
      if (trigger) trigger.disabled = false;
      return;
    }
    // The undo is not to be had: no button offers it any more.
    if (trigger) trigger.hidden = true;
    message.focus();
    deps.onChanged(summary);
  };

  const failed = async (error: unknown) => {
    if (error instanceof ApiError && error.status === 409) return showRefusal(error);
    deps.onError(error, message);
    if (trigger) trigger.disabled = false;
  };

  const followRealRevert = async () => {
    progress.hidden = false;
    result.hidden = true;
    setTriggerHidden(true);
    lastAnnounced = 0;
    speak('Undoing the import…');
    let ended: ImportSummary | undefined;
    try {
      ended = await waitForRevert(showProgress);
    } catch (error) {
      deps.onError(error, message);
      showMessage(
        message,
        `${message.textContent} The undo goes on on the server: open the import again later to see its end.`,
        'error',
      );
      return;
    }
    if (!ended?.revert) return;
    setState();
    showProgress(ended);
    const revert = ended.revert;
    if (revert.status === 'completed') {
      bar.value = bar.max;
      barText.textContent = `Undone: ${countOf(revert.counts.contacts, 'contact')} looked at`;
      showDone(ended);
    } else {
      barText.textContent = `The undo stopped after ${countOf(revert.counts.contacts, 'contact')}`;
      result.replaceChildren(
        h('strong', {}, 'The undo failed. '),
        failureOf(revert) || 'What it undid stays undone and counted. ',
        'Start it again to finish it.',
      );
      result.hidden = false;
      if (trigger) {
        trigger.hidden = false;
        trigger.disabled = false;
      }
    }
    speak(`${result.textContent ?? ''}`);
    focusAfter(result);
    deps.onChanged(ended);
  };

  const showDone = (current: ImportSummary) => {
    const revert = current.revert;
    if (!revert) return;
    result.replaceChildren(
      describeRevert(revert),
      revert.finishedAt ? ` (${formatDate(revert.finishedAt)})` : '',
    );
    result.hidden = false;
  };

  /** "Undo this import": the dry run first, then its counts with Confirm and Cancel. */
  const start = async () => {
    if (trigger) trigger.disabled = true;
    confirm.hidden = true;
    result.hidden = true;
    showMessage(message, 'Counting what the undo would do (a dry run: nothing changes yet)…', 'info');
    let dry: ImportSummary | undefined;
    try {
      await deps.api.revertImport(summary.id, true);
      dry = await waitForRevert();
    } catch (error) {
      await failed(error);
      return;
    }
    if (!dry?.revert) return;
    setState();
    if (dry.revert.status !== 'completed' || !dry.revert.dryRun) {
      showMessage(
        message,
        `The dry run of the undo failed. ${failureOf(dry.revert)}Try again in a moment.`,
        'error',
      );
      if (trigger) trigger.disabled = false;
      return;
    }
    showMessage(message, '');
    confirmText.replaceChildren(describeRevert(dry.revert));
    confirm.hidden = false;
    setTriggerHidden(true);
    confirmHeading.focus();
  };

  confirmNo.addEventListener('click', () => {
    confirm.hidden = true;
    if (options.onClose) {
      options.onClose();
      return;
    }
    setTriggerHidden(false);
    if (trigger) {
      trigger.disabled = false;
      trigger.focus();
    }
  });
  confirmYes.addEventListener('click', async () => {
    confirmYes.disabled = true;
    try {
      await deps.api.revertImport(summary.id, false);
    } catch (error) {
      confirmYes.disabled = false;
      await failed(error);
      return;
    }
    confirmYes.disabled = false;
    confirm.hidden = true;
    if (trigger) trigger.hidden = true;
    await followRealRevert();
  });

  if (undoStateOf(initial) === 'undone') showDone(initial);
  else if (initial.revert?.status === 'failed' && !initial.revert.dryRun)
    showMessage(
      message,
      `An earlier undo of this import failed. ${failureOf(initial.revert)}It may be started again.`,
      'info',
    );

  const follow = () => {
    // Once the box is on the page: a box left before it shows stops its polling.
    setTimeout(() => void followRealRevert(), 0);
  };
  return { element, start: () => void start(), follow };
};
