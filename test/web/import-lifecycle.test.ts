// An import's states and results in Chromium: errors grouped by code, the Stop button and a cancelled result, an
// upload that never arrived, and the template with an example row.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import type { ApiClient } from '../support/api-client.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { downloadBy, nextPreview, resultCount } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of an import’s states and results');

let session: PageSession;
let page: Page;
let api: ApiClient;

/** Chooses `csv` as a file in the page, waits for its preview and starts the import. */
const startImport = async (name: string, csv: string) => {
  writeFileSync(join(session.files, name), csv);
  await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, name)));
  await page.getByRole('button', { name: 'Start the import' }).click();
};

describe.skipIf(!hasChromium)('an import’s states and results, in Chromium', () => {
  beforeAll(async () => {
    // Batches of 20 rows: an import of a few thousand is still running when the test stops it.
    session = await openPageSession({ signedIn: true, stack: { batchRows: 20 } });
    ({ page, api } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('groups the errors by code, each line with its count and an example row, above the table', async () => {
    // Prepare: 6 invalid emails, 2 invalid phones, 2 good rows.
    const rows = [
      ...Array.from({ length: 6 }, (_, i) => `bad${i}@,Bad${i},`),
      'ann@example.com,Ann,',
      'cy@example.com,Cy,12',
      'dee@example.com,Dee,34',
      'bob@example.com,Bob,',
    ];
    // Act
    await startImport('grouped.csv', ['Email,First Name,Phone', ...rows].join('\n'));
    await page.locator('#result-heading', { hasText: 'Imported grouped.csv' }).waitFor();
    // Assess
    expect(await resultCount(page, 'errored')).toBe('8');
    const lines = page.locator('#errors-by-code li');
    expect(await lines.count()).toBe(2);
    expect(await lines.nth(0).getAttribute('data-code')).toBe('invalid_email');
    expect(await lines.nth(0).textContent()).toMatch(
      /^6 × Invalid email \(invalid_email\) — for example row 2, Email: /,
    );
    expect(await lines.nth(1).textContent()).toMatch(
      /^2 × Invalid phone number \(invalid_phone\) — for example row 9, Phone: /,
    );
    // The lines come before the table of rows.
    const order = await page.evaluate(
      '(() => { const a = document.getElementById("errors-by-code"); const b = document.getElementById("errors-table"); return Boolean(a && b && a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING); })()',
    );
    expect(order).toBe(true);
    await saveScreenshot(page.locator('#result-panel'), 'errors-by-code');
  });

  it('stops a running import with the Stop button after a confirmation, and says where it stopped', async () => {
    // Prepare: 3,000 rows, 150 batches.
    const rows = Array.from({ length: 3000 }, (_, i) => `p${i}@example.com,P${i}`);
    await page.getByRole('button', { name: 'Import another file' }).click();
    await startImport('long.csv', ['Email,First Name', ...rows].join('\n'));
    const stop = page.getByRole('button', { name: 'Stop the import' });
    await stop.waitFor();
    // Stopped once it runs (stopped while it waits, it would end at once with no row).
    for (let running = false; !running; await new Promise((resolve) => setTimeout(resolve, 50))) {
      const { body } = await api.json<{
        imports: Array<{ status: string; progress: { rowsProcessed: number } }>;
      }>('GET', '/imports');
      running = body.imports[0]?.status === 'running' && (body.imports[0]?.progress.rowsProcessed ?? 0) > 0;
    }
    // Act: the first click only asks; "Keep importing" changes nothing; then "Yes, stop it".
    await stop.click();
    await page.getByRole('button', { name: 'Keep importing' }).click();
    await stop.click();
    await page.getByText('Stop this import?').waitFor();
    await page.getByRole('button', { name: 'Yes, stop it' }).click();
    await page.locator('#result-heading', { hasText: 'The import of long.csv was cancelled' }).waitFor({
      timeout: 60_000,
    });
    // Assess
    const text = (await page.locator('#result-cancelled').textContent()) ?? '';
    const stoppedAt = Number(/Cancelled at row (\d+)\./.exec(text)?.[1]);
    const created = Number((await resultCount(page, 'created'))?.replace(/,/g, ''));
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(3000);
    expect(stoppedAt).toBe(created + 1);
    expect(text).toContain('The rows up to it stay imported');
    expect(await page.locator('#result-body .status').first().textContent()).toBe('Cancelled');
    const { body } = await api.json<{ imports: Array<{ status: string; counts: { created: number } }> }>(
      'GET',
      '/imports',
    );
    expect(body.imports[0]).toMatchObject({ status: 'cancelled', counts: { created } });
    await saveScreenshot(page.locator('#result-panel'), 'cancelled-import');
  });

  it('shows an upload whose link expired with no file as never arrived, not as waiting', async () => {
    // Prepare: an upload registered an hour ago, its file never sent.
    const importId = newImportId();
    await createImport(
      session.stack.engine,
      {
        workspaceId: session.workspace,
        importId,
        source: 'upload',
        fileName: 'never.csv',
        objectKey: `uploads/${session.workspace}/${importId}.csv`,
        options: {},
        uploadExpiresAt: new Date(Date.now() - 3_600_000).toISOString(),
      },
      [],
    );
    // Act
    await page.evaluate(`location.hash = '#/imports/${importId}'`);
    await page.locator('#result-heading', { hasText: 'never.csv: the upload never arrived' }).waitFor();
    // Assess
    expect(await page.locator('#result-expired').textContent()).toContain('The upload never arrived.');
    expect(await page.locator('#progress-panel').isHidden()).toBe(true);
  });

  it('downloads the template with an example row, which imports as one created contact', async () => {
    // Act
    const template = await downloadBy(page, () =>
      page.getByRole('button', { name: 'Download the template with an example row' }).click(),
    );
    await page.getByRole('button', { name: 'Import another file' }).click();
    await startImport(template.name, template.text);
    await page.locator('#result-heading', { hasText: `Imported ${template.name}` }).waitFor();
    // Assess
    expect(template.name).toBe('contacts-template-example.csv');
    expect(
      template.text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(2);
    expect(await resultCount(page, 'created')).toBe('1');
    expect(await resultCount(page, 'errored')).toBe('0');
  });
});
