// What browser tests do again and again on the page: wait for a preview, catch a download, read a result's count.

import { readFileSync } from 'node:fs';
import type { Page, Response } from 'playwright-core';
import type { ApiClient } from '../../support/api-client.js';

/** Clicks something that makes the page download a file, and reads the file. */
export const downloadBy = async (
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; text: string }> => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
};

/** Waits for the preview the page asks for next, and for the page to draw it. */
export const nextPreview = async (page: Page, act: () => Promise<unknown>): Promise<Response> => {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/imports/preview') && r.request().method() === 'POST'),
    act(),
  ]);
  await page.locator('#preview-body:not([aria-busy])').waitFor();
  return response;
};

/** The figure the result shows for one outcome (`created`, `updated`, `skipped`, `errored`). */
export const resultCount = (page: Page, outcome: string): Promise<string | null> =>
  page.locator(`#result-counts [data-outcome="${outcome}"] dd`).textContent();

/** Imports a CSV through the API (as a script would, not the page) with options as query parameters; waits for its end. */
export const importThroughApi = async (
  api: ApiClient,
  fileName: string,
  csv: string,
  options: Record<string, string> = {},
): Promise<Record<string, unknown>> => {
  const query = new URLSearchParams({ fileName, ...options });
  const response = await api.request('POST', `/imports?${query}`, csv, { 'content-type': 'text/csv' });
  const { importId } = (await response.json()) as { importId: string };
  return api.waitForImport(importId);
};

/** The focused element's `id` and `name` (empty when it has none): where a keyboard user is. */
export const focused = async (page: Page): Promise<{ id: string; name: string; tag: string }> =>
  page.evaluate(
    '({ id: document.activeElement?.id ?? "", name: document.activeElement?.getAttribute("name") ?? "", tag: document.activeElement?.tagName.toLowerCase() ?? "" })',
  );
