// Recent imports in Chromium: each way in named, a short id (full on hover and copy), dry runs marked, and a link
// (`#/imports/<id>`) that opens that import's result, also after a reload or from the address bar.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { importThroughApi, nextPreview } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of recent imports');

const CSV = 'Email,First Name\nann@example.com,Ann\n';

let session: PageSession;
let page: Page;
/** The import ids by their way in. */
const ids: Record<'api' | 'dryRun' | 'cli' | 'drop', string> = { api: '', dryRun: '', cli: '', drop: '' };

const rowOf = (importId: string) => page.locator(`#imports-table tr[data-import-id="${importId}"]`);

describe.skipIf(!hasChromium)('recent imports, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ workspace: 'acme' });
    const { api, stack } = session;
    // The same file name four times, by four ways in.
    ids.dryRun = String((await importThroughApi(api, 'contacts.csv', CSV, { dryRun: 'true' })).id);
    ids.api = String((await importThroughApi(api, 'contacts.csv', CSV)).id);
    const cli = await api.json<{ importId: string; upload: { url: string; fields: Record<string, string> } }>(
      'POST',
      '/imports',
      { fileName: 'contacts.csv', fileSize: CSV.length, source: 'cli' },
    );
    expect((await api.upload(cli.body.upload, CSV)).ok).toBe(true);
    ids.cli = cli.body.importId;
    await api.waitForImport(ids.cli);
    await stack.s3.send(
      new PutObjectCommand({ Bucket: stack.bucket, Key: 'drops/acme/contacts.csv', Body: CSV }),
    );
    await stack.idle();
    const listed = await api.json<{ imports: Array<{ id: string; source: string }> }>('GET', '/imports');
    ids.drop = listed.body.imports.find((i) => i.source === 'drop')?.id ?? '';
    expect(ids.drop).not.toBe('');
    await session.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(stack.apiUrl ?? '').origin,
    });
    page = session.page;
    await page.getByLabel('Workspace API key').fill(session.apiKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.locator('#imports-table').waitFor();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('tells same-named files apart by their way in, their short id and the dry-run mark', async () => {
    // Assess
    expect(await page.locator('#imports-table tbody tr').count()).toBe(4);
    const sources = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([way, id]) => [
          way,
          await rowOf(id).locator('[data-source]').textContent(),
        ]),
      ),
    );
    expect(sources).toEqual({ api: 'API', dryRun: 'API', cli: 'CLI', drop: 'Drop folder' });
    for (const id of Object.values(ids)) {
      const code = rowOf(id).locator('.import-id code');
      expect(await code.textContent()).toBe(`…${id.slice(-6)}`);
      expect(await code.getAttribute('title')).toBe(id);
      expect(await rowOf(id).locator('th').textContent()).toBe('contacts.csv');
    }
    expect(new Set(Object.values(ids).map((id) => id.slice(-6))).size).toBe(4);
    expect(await rowOf(ids.dryRun).locator('.badge.dry-run').textContent()).toBe('Dry run');
    expect(await rowOf(ids.api).locator('.badge.dry-run').count()).toBe(0);
    await saveScreenshot(page, 'recent-imports');
  });

  it('copies an import’s full id', async () => {
    // Act
    await rowOf(ids.cli)
      .getByRole('button', { name: `Copy the id ${ids.cli}` })
      .click();

    // Assess
    await expect.poll(() => page.locator('#imports-message').textContent()).toBe(`Copied the id ${ids.cli}.`);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(ids.cli);
  });

  it('opens an import’s result by its link, and again after a reload', async () => {
    // Act
    const link = rowOf(ids.dryRun).getByRole('link', { name: /^Open the dry run of contacts\.csv/ });
    expect(await link.getAttribute('href')).toBe(`#/imports/${ids.dryRun}`);
    await link.click();

    // Assess
    await page
      .locator('#result-heading', { hasText: 'Dry run of contacts.csv: nothing was written' })
      .waitFor();
    expect(new URL(page.url()).hash).toBe(`#/imports/${ids.dryRun}`);
    expect(await page.locator('#result-import-id').textContent()).toBe(ids.dryRun);
    expect(await page.locator('#result-body .meta').textContent()).toContain('API');

    await page.reload();
    await page
      .locator('#result-heading', { hasText: 'Dry run of contacts.csv: nothing was written' })
      .waitFor();
    expect(await page.locator('#result-import-id').textContent()).toBe(ids.dryRun);
  });

  it('opens the import an address names, and the same link twice', async () => {
    // Act
    await page.goto(`${session.stack.apiUrl}/#/imports/${ids.drop}`);

    // Assess
    await page.locator('#result-import-id', { hasText: ids.drop }).waitFor();
    expect(await page.locator('#result-body .meta').textContent()).toContain('Drop folder');
    // "Import another file" leaves the result: the address no longer names it.
    await page.getByRole('button', { name: 'Import another file' }).click();
    expect(new URL(page.url()).hash).toBe('');
    await rowOf(ids.drop).getByRole('link').click();
    await page.locator('#result-import-id', { hasText: ids.drop }).waitFor();
    await page.getByRole('button', { name: 'Import another file' }).click();
    await rowOf(ids.drop).getByRole('link').click();
    await page.locator('#result-import-id', { hasText: ids.drop }).waitFor();
  });

  it('gives an import made on the page its link once its result shows', async () => {
    // Prepare
    writeFileSync(join(session.files, 'contacts.csv'), 'Email\nzed@example.com\n');
    await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, 'contacts.csv')));

    // Act
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported contacts.csv' }).waitFor();

    // Assess
    const id = await page.locator('#result-import-id').textContent();
    expect(new URL(page.url()).hash).toBe(`#/imports/${id}`);
    await rowOf(id ?? '').waitFor();
    expect(
      await rowOf(id ?? '')
        .locator('[data-source]')
        .textContent(),
    ).toBe('Upload');
    expect(session.pageErrors).toEqual([]);
  });
});
