// The page explains updates in an empty workspace (issue 17): the preview names the row that creates the contact
// a row updates, and the result says how many rows matched contacts earlier rows of the file created.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { nextPreview, resultCount } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';

warnIfNoChromium('The browser test of rows matching contacts earlier rows created');

/** Rows 2–4 create three contacts; rows 5–7 update them. */
const CSV = [
  'Email,First Name,Last Name',
  'ada@twice.example,Ada,',
  'bob@twice.example,Bob,',
  'cy@twice.example,Cy,',
  'ada@twice.example,,Lovelace',
  'bob@twice.example,,Builder',
  'cy@twice.example,,Young',
  '',
].join('\n');

let session: PageSession;
let page: Page;

describe.skipIf(!hasChromium)('rows matching contacts earlier rows of the file created, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ signedIn: true });
    ({ page } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('names the creating row in the preview and explains the updates under the result counts', async () => {
    // Prepare
    writeFileSync(join(session.files, 'twice.csv'), CSV);
    await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, 'twice.csv')));

    // Assess: the preview
    expect(await page.locator('#preview-body tr[data-row="5"]').textContent()).toContain(
      'updates the contact row 2 creates',
    );

    // Act
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported twice.csv' }).waitFor();

    // Assess: the result
    expect(await resultCount(page, 'created')).toBe('3');
    expect(await resultCount(page, 'updated')).toBe('3');
    expect(await page.locator('#result-matched-earlier').textContent()).toBe(
      '3 of the updated or unchanged rows matched contacts that earlier rows of this file created.',
    );
  });
});
