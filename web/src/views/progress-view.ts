// Step 3: the upload's progress (XHR upload events), then the import's (rows and bytes from GET /imports/{id}).
// One figure is visible per bar; screen readers hear the same words from a hidden live region, at most every 5 s.

import { byId, countOf, formatBytes, showMessage } from '../dom.js';
import type { ImportSummary } from '../types.js';

export interface ProgressView {
  start(fileName: string, dryRun: boolean): void;
  showUpload(loaded: number, total: number): void;
  /** The storage answered the upload: only now is it "Uploaded". */
  uploaded(): void;
  showImport(summary: ImportSummary): void;
  /** An import opened from the list while it runs: no upload to show. */
  watch(summary: ImportSummary): void;
  /** The import ended: the bars stay full above the result. */
  finish(summary: ImportSummary): void;
  /** A visible note beside the figures (a retry), also read out. */
  announce(text: string): void;
  fail(text: string): void;
  hide(): void;
}

/** Screen readers hear the progress figure at most this often; the bars and the figure move on every poll. */
export const ANNOUNCE_EVERY_MS = 5000;

/** "Importing" or "Checking (dry run)": a dry run is never called an import on screen. */
const doing = (dryRun: boolean) => (dryRun ? 'Checking (dry run)' : 'Importing');

export const createProgressView = (): ProgressView => {
  const panel = byId('progress-panel', HTMLElement);
  const heading = byId('progress-heading', HTMLHeadingElement);
  const uploadBar = byId('upload-progress', HTMLProgressElement);
  const uploadText = byId('upload-text', HTMLSpanElement);
  const importBar = byId('import-progress', HTMLProgressElement);
  const importText = byId('import-text', HTMLSpanElement);
  const message = byId('progress-message', HTMLParagraphElement);
  const live = byId('progress-live', HTMLParagraphElement);
  let lastAnnounced = 0;
  let dryRun = false;
  /** Whether the file is known to be in the storage (its upload answered, or the import past pending). */
  let arrived = false;

  /** Says `text` to screen readers now (the live region is hidden: what it says is on screen already). */
  const speak = (text: string) => {
    lastAnnounced = Date.now();
    live.textContent = text;
  };

  const begin = (fileName: string, isDryRun: boolean) => {
    dryRun = isDryRun;
    arrived = false;
    panel.hidden = false;
    heading.textContent = dryRun ? `Checking ${fileName} (dry run)` : `Importing ${fileName}`;
    showMessage(message, '');
    lastAnnounced = 0;
  };

  return {
    start: (fileName, isDryRun) => {
      begin(fileName, isDryRun);
      uploadBar.max = 1;
      uploadBar.value = 0;
      uploadText.textContent = 'Starting the upload…';
      importBar.removeAttribute('value');
      importText.textContent = 'Waiting for the upload';
      speak(`Uploading ${fileName}…`);
      heading.focus();
    },
    showUpload: (loaded, total) => {
      uploadBar.max = total;
      uploadBar.value = loaded;
      // Sent is not received: the bytes count only once the storage has answered (`uploaded`).
      uploadText.textContent =
        loaded >= total
          ? `Sent ${formatBytes(total)}: waiting for the storage to confirm…`
          : `Sending: ${formatBytes(loaded)} of ${formatBytes(total)} (${Math.floor((loaded / total) * 100)}%)`;
    },
    uploaded: () => {
      arrived = true;
      uploadBar.value = uploadBar.max;
      uploadText.textContent = 'Uploaded';
      importText.textContent = dryRun ? 'Starting the dry run…' : 'Starting the import…';
      speak(`Uploaded. ${importText.textContent}`);
    },
    showImport: (summary) => {
      const { rowsProcessed, bytesProcessed, bytesTotal } = summary.progress;
      if (summary.status === 'pending') {
        importBar.removeAttribute('value');
        importText.textContent = !arrived
          ? 'Waiting for the file'
          : dryRun
            ? 'Waiting for the dry run to start…'
            : 'Waiting for the import to start…';
        return;
      }
      if (!arrived) {
        // Past pending, the import has its file: the upload (of another page, or of the CLI) arrived.
        arrived = true;
        uploadBar.max = 1;
        uploadBar.value = 1;
        uploadText.textContent = 'Uploaded';
      }
      if (bytesTotal > 0) {
        importBar.max = bytesTotal;
        importBar.value = Math.min(bytesProcessed, bytesTotal);
      }
      const rows = countOf(rowsProcessed, 'row');
      importText.textContent = `${doing(dryRun)}: ${
        bytesTotal > 0 ? `${rows} · ${formatBytes(bytesProcessed)} of ${formatBytes(bytesTotal)}` : rows
      }`;
      if (summary.status === 'running' && Date.now() - lastAnnounced > ANNOUNCE_EVERY_MS)
        speak(importText.textContent);
    },
    watch: (summary) => {
      begin(summary.fileName, summary.options.dryRun);
      // Opened from the list: whether the file arrived is what the status says, nothing more.
      arrived = summary.status !== 'pending';
      uploadBar.max = 1;
      uploadBar.value = arrived ? 1 : 0;
      uploadText.textContent = arrived ? 'Uploaded' : 'Not received yet';
      importBar.removeAttribute('value');
      importText.textContent = arrived ? `${doing(dryRun)}…` : 'Waiting for the file';
      speak(`Following the ${dryRun ? 'dry run' : 'import'} of ${summary.fileName}…`);
    },
    finish: (summary) => {
      importBar.max = 1;
      importBar.value = 1;
      const rows = countOf(summary.counts.rows, 'row');
      if (summary.status === 'failed')
        importText.textContent = `The ${dryRun ? 'dry run' : 'import'} failed after ${rows}`;
      else if (summary.status === 'cancelled')
        importText.textContent = `The ${dryRun ? 'dry run' : 'import'} was stopped after ${rows}`;
      else if (summary.status === 'expired') {
        uploadBar.value = 0;
        uploadText.textContent = 'Never arrived';
        importText.textContent = 'The upload never arrived: nothing was imported';
      } else
        importText.textContent = dryRun
          ? `The dry run finished: nothing was written (${rows} checked)`
          : `The import finished: ${rows}`;
      speak(`${importText.textContent}. The result is below.`);
    },
    announce: (text) => showMessage(message, text, 'info'),
    fail: (text) => {
      panel.hidden = false;
      showMessage(message, text, 'error');
    },
    hide: () => {
      panel.hidden = true;
      live.textContent = '';
    },
  };
};
