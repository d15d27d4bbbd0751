// Records what the progress panel shows at every change while it is shown (a MutationObserver in the page).

import type { Page } from 'playwright-core';

/** The panel as it read at one change: the texts on screen, and the hidden live region's. */
export interface ProgressSnapshot {
  heading: string;
  upload: string;
  figure: string;
  /** `#progress-message` when shown (errors, retries), else empty. */
  message: string;
  /** The screen readers' live region (visually hidden). */
  live: string;
}

/** Starts recording; `read()` answers every snapshot so far, in order. */
export const recordProgress = async (page: Page): Promise<{ read(): Promise<ProgressSnapshot[]> }> => {
  await page.evaluate(`(() => {
    const text = (id) => document.getElementById(id)?.textContent ?? '';
    const panel = document.getElementById('progress-panel');
    window.__progress = [];
    const take = () => {
      // A hidden panel shows nothing: what it held from the import before is not what a person sees.
      if (panel.hidden) return;
      const snapshot = {
        heading: text('progress-heading'),
        upload: text('upload-text'),
        figure: text('import-text'),
        message: document.getElementById('progress-message')?.hidden ? '' : text('progress-message'),
        live: text('progress-live'),
      };
      const last = window.__progress[window.__progress.length - 1];
      if (!last || JSON.stringify(last) !== JSON.stringify(snapshot)) window.__progress.push(snapshot);
    };
    new MutationObserver(take).observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
    take();
  })()`);
  return { read: () => page.evaluate('window.__progress') as Promise<ProgressSnapshot[]> };
};
