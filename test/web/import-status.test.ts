// The progress panel in Chromium tells the truth: one visible figure (the live region hidden and saying the same),
// "Uploaded" only once the storage answered, a dry run called a dry run from start to result.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { nextPreview, resultCount } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { recordProgress } from './support/progress-recorder.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of the progress panel');

/** Rows per batch of the stack: small, so that an import of a few hundred rows moves in many steps. */
const BATCH_ROWS = 50;

const peopleCsv = (rows: number, domain: string) =>
  `Email,First Name\n${Array.from({ length: rows }, (_, i) => `p${i}@${domain},P${i}`).join('\n')}\n`;

let session: PageSession;
let page: Page;
let api: ApiClient;

const choose = async (name: string, csv: string) => {
  writeFileSync(join(session.files, name), csv);
  await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, name)));
};

describe.skipIf(!hasChromium)('the progress panel, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ signedIn: true, stack: { batchRows: BATCH_ROWS } });
    ({ page, api } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows one progress figure while importing; the live region is hidden and says what the figure says', async () => {
    // Prepare
    await choose('people.csv', peopleCsv(1500, 'big.example'));
    const progress = await recordProgress(page);

    // Act
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#import-text', { hasText: /^Importing: [1-9]/ }).waitFor();
    await saveScreenshot(page, 'import-progress');
    await page.locator('#result-heading', { hasText: 'Imported people.csv' }).waitFor();

    // Assess
    const seen = await progress.read();
    const running = seen.filter((s) => s.figure.startsWith('Importing: '));
    expect(running.length).toBeGreaterThan(0);
    for (const snapshot of running)
      expect(snapshot.figure).toMatch(/^Importing: [\d,]+ rows? · [\d.]+ (B|KB) of /);
    // Whenever the live region speaks a figure, it is the figure on screen at that moment.
    const spoken = seen.filter((s, i) => s.live !== seen[i - 1]?.live && /rows?\b/.test(s.live));
    expect(spoken.length).toBeGreaterThan(0);
    for (const snapshot of spoken)
      expect(snapshot.live).toBe(
        snapshot.live.endsWith('The result is below.')
          ? `${snapshot.figure}. The result is below.`
          : snapshot.figure,
      );
    // Nothing else on screen counts rows: the message line is for errors and retries.
    expect(seen.filter((s) => /rows?\b/.test(s.message))).toEqual([]);
    const live = page.locator('#progress-live');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    const box = await live.boundingBox();
    expect(box && box.width <= 1 && box.height <= 1).toBe(true);
    expect(await page.locator('#import-text').textContent()).toBe('The import finished: 1,500 rows');
    expect(await resultCount(page, 'created')).toBe('1,500');
  });

  it('says "Uploaded" only once the storage has answered the upload', async () => {
    // Prepare: the upload is held on its way to the storage until the test lets it through.
    await choose('held.csv', peopleCsv(3, 'held.example'));
    const storage = new URL(session.stack.s3Endpoint).origin;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = false;
    await page.route(
      (url) => url.origin === storage,
      async (route) => {
        held = true;
        await released;
        await route.continue();
      },
    );

    // Act
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expect.poll(() => held).toBe(true);

    // Assess: the bytes are sent, and the storage has not said so yet.
    await page.waitForTimeout(300);
    expect(await page.locator('#upload-text').textContent()).not.toContain('Uploaded');
    expect(await page.locator('#import-text').textContent()).toBe('Waiting for the upload');
    release();
    await page.locator('#result-heading', { hasText: 'Imported held.csv' }).waitFor();
    expect(await page.locator('#upload-text').textContent()).toBe('Uploaded');
    await page.unroute((url) => url.origin === storage);
  });

  it('rides out a few network failures while it follows an import, saying it tries again', async () => {
    // Prepare: the first two reads of the import's summary never reach the server.
    await choose('flaky.csv', peopleCsv(120, 'flaky.example'));
    const isSummary = (url: URL) =>
      /\/imports\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/preview');
    let dropped = 0;
    await page.route(isSummary, async (route) => {
      if (route.request().method() === 'GET' && dropped < 2) {
        dropped++;
        await route.abort('internetdisconnected');
      } else await route.continue();
    });
    const progress = await recordProgress(page);

    // Act
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported flaky.csv' }).waitFor({ timeout: 30_000 });

    // Assess: both failures were said, and the import was followed to its result all the same.
    expect(dropped).toBe(2);
    const seen = await progress.read();
    expect(seen.filter((s) => s.message.endsWith('Trying again…')).length).toBeGreaterThan(0);
    expect(await resultCount(page, 'created')).toBe('120');
    await page.unroute(isSummary);
  });

  it('calls a dry run a dry run from its start to its result, and counts what it would do', async () => {
    // Prepare
    await page.getByRole('checkbox', { name: /Dry run/ }).check();
    await choose('trial.csv', peopleCsv(400, 'trial.example'));
    const progress = await recordProgress(page);

    // Act
    await page.getByRole('button', { name: 'Start the dry run' }).click();
    await page.locator('#result-heading', { hasText: 'Dry run of trial.csv: nothing was written' }).waitFor();

    // Assess
    const seen = await progress.read();
    const texts = seen.flatMap((s) => [s.heading, s.upload, s.figure, s.message, s.live]);
    expect(
      texts.filter((text) => /Importing|import finished|Imported|import is starting/i.test(text)),
    ).toEqual([]);
    expect(seen[seen.length - 1]?.heading).toBe('Checking trial.csv (dry run)');
    expect(texts).toContain('Uploading trial.csv…');
    expect(await page.locator('#import-text').textContent()).toBe(
      'The dry run finished: nothing was written (400 rows checked)',
    );
    expect(await page.locator('#progress-live').textContent()).toBe(
      'The dry run finished: nothing was written (400 rows checked). The result is below.',
    );
    expect(await page.locator('#result-counts [data-outcome="created"] dt').textContent()).toBe(
      'Would create',
    );
    expect(await page.locator('#result-counts [data-outcome="updated"] dt').textContent()).toBe(
      'Would update',
    );
    expect(await resultCount(page, 'created')).toBe('400');
    expect(
      (await api.json<{ contacts: unknown[] }>('GET', '/contacts?email=p0@trial.example')).body.contacts,
    ).toEqual([]);
    await saveScreenshot(page, 'dry-run-result');
    await page.getByRole('checkbox', { name: /Dry run/ }).uncheck();
  });

  it('opens an import whose file never arrived without calling it uploaded', async () => {
    // Prepare: registered through the API, its presigned POST never used.
    const created = await api.json<{ importId: string }>('POST', '/imports', {
      fileName: 'never.csv',
      fileSize: 10,
    });
    expect(created.status).toBe(201);
    await page.getByRole('button', { name: 'Refresh' }).click();

    // Act
    await page.getByRole('link', { name: /Open the import of never\.csv/ }).click();

    // Assess
    await page.locator('#result-heading', { hasText: 'never.csv' }).waitFor();
    expect(await page.locator('#upload-text').textContent()).toBe('Not received yet');
    expect(await page.locator('#upload-progress').getAttribute('value')).toBe('0');
    expect(await page.locator('#import-text').textContent()).toBe('Waiting for the file');
    expect(session.pageErrors).toEqual([]);
  });
});
