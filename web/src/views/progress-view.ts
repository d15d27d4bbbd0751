// Step 3: the upload's progress (XHR upload events), then the import's (rows and bytes from GET /imports/{id}).

import { byId, countOf, formatBytes, showMessage } from '../dom.js';
import type { ImportSummary } from '../types.js';

export interface ProgressView {
  start(fileName: string): void;
  showUpload(loaded: number, total: number): void;
  uploaded(): void;
  showImport(summary: ImportSummary): void;
  /** An import opened from the list while it runs: no upload to show. */
  watch(summary: ImportSummary): void;
  /** The import ended: the bars stay full above the result. */
  finish(summary: ImportSummary): void;
  announce(text: string): void;
  fail(text: string): void;
  hide(): void;
}

/** Screen readers hear the row count at most this often; the bars move on every poll. */
const ANNOUNCE_EVERY_MS = 5000;

export const createProgressView = (): ProgressView => {
  const panel = byId('progress-panel', HTMLElement);
  const heading = byId('progress-heading', HTMLHeadingElement);
  const uploadBar = byId('upload-progress', HTMLProgressElement);
  const uploadText = byId('upload-text', HTMLSpanElement);
  const importBar = byId('import-progress', HTMLProgressElement);
  const importText = byId('import-text', HTMLSpanElement);
  const message = byId('progress-message', HTMLParagraphElement);
  let lastAnnounced = 0;

  const announce = (text: string) => showMessage(message, text, 'info');

  return {
    start: (fileName) => {
      panel.hidden = false;
      heading.textContent = `Importing ${fileName}`;
      uploadBar.max = 1;
      uploadBar.value = 0;
      uploadText.textContent = '';
      importBar.removeAttribute('value');
      importText.textContent = 'Waiting for the upload';
      lastAnnounced = 0;
      announce(`Uploading ${fileName}…`);
      heading.focus();
    },
    showUpload: (loaded, total) => {
      uploadBar.max = total;
      uploadBar.value = loaded;
      uploadText.textContent = `${formatBytes(loaded)} of ${formatBytes(total)} (${Math.floor((loaded / total) * 100)}%)`;
    },
    uploaded: () => {
      uploadBar.value = uploadBar.max;
      uploadText.textContent = 'Uploaded';
      importText.textContent = 'Starting…';
      announce('Uploaded. The import is starting…');
    },
    showImport: (summary) => {
      const { rowsProcessed, bytesProcessed, bytesTotal } = summary.progress;
      if (summary.status === 'pending') {
        importBar.removeAttribute('value');
        importText.textContent = 'Waiting for the import to start…';
        return;
      }
      if (bytesTotal > 0) {
        importBar.max = bytesTotal;
        importBar.value = Math.min(bytesProcessed, bytesTotal);
      }
      const rows = countOf(rowsProcessed, 'row');
      importText.textContent =
        bytesTotal > 0 ? `${rows} · ${formatBytes(bytesProcessed)} of ${formatBytes(bytesTotal)}` : rows;
      if (summary.status === 'running' && Date.now() - lastAnnounced > ANNOUNCE_EVERY_MS) {
        lastAnnounced = Date.now();
        announce(`Importing: ${rows} done so far.`);
      }
    },
    watch: (summary) => {
      panel.hidden = false;
      heading.textContent = `Importing ${summary.fileName}`;
      uploadBar.max = 1;
      uploadBar.value = 1;
      uploadText.textContent = 'Uploaded';
      announce(`Following the import of ${summary.fileName}…`);
    },
    finish: (summary) => {
      importBar.max = 1;
      importBar.value = 1;
      announce(
        summary.status === 'failed'
          ? 'The import failed: the result below says why.'
          : 'The import finished: the result is below.',
      );
    },
    announce,
    fail: (text) => {
      panel.hidden = false;
      showMessage(message, text, 'error');
    },
    hide: () => {
      panel.hidden = true;
    },
  };
};
