// From an import's result to the contacts it created or updated, in a real browser against the local stack: the
// link, the contacts view filtered by that import with its chip, and the chip's Clear back to every contact.

import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { importThroughApi } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';

warnIfNoChromium("The browser test of an import's contacts link");

let session: PageSession;
let api: ApiClient;
let page: Page;

const names = async () => page.locator('#contacts-body tr td:first-child').allTextContents();

describe.skipIf(!hasChromium)("an import's contacts, from its result, in Chromium", () => {
  let importId: string;
  let dryRunId: string;

  beforeAll(async () => {
    session = await openPageSession({ signedIn: true });
    ({ api, page } = session);
    await importThroughApi(api, 'before.csv', 'First Name,Email\nKeep,keep@x.example\nUp,up@x.example\n');
    importId = (
      await importThroughApi(
        api,
        'after.csv',
        'First Name,Email,Company\nNew,new@x.example,Acme\nUp,up@x.example,Acme\n',
      )
    ).id as string;
    dryRunId = (await importThroughApi(api, 'dry.csv', 'Email\nzz@x.example\n', { dryRun: 'true' }))
      .id as string;
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('follows "See the contacts this import created or updated" to those contacts only, then clears the filter', async () => {
    // Prepare: the import's result
    await page.evaluate(`location.hash = '#/imports/${importId}'`);
    const link = page.getByRole('link', { name: 'See the contacts this import created or updated' });
    await link.waitFor();
    // Act
    await link.click();
    // Assess: the chip names the import; the table holds the new and the updated contact, in file order
    await page.locator('#contacts-import-chip:not([hidden])').waitFor();
    expect(await page.locator('#contacts-import-chip').textContent()).toContain(
      `Contacts of import ${importId}`,
    );
    await expect.poll(names).toEqual(['New', 'Up']);
    const { violations } = await new AxeBuilder({ page }).include('#contacts-section').analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    // Act: clear the chip
    await page.getByRole('link', { name: /Show all contacts/ }).click();
    // Assess: every contact, the chip gone
    await expect.poll(async () => (await names()).sort()).toEqual(['Keep', 'New', 'Up']);
    expect(await page.locator('#contacts-import-chip').isHidden()).toBe(true);
  });

  it('offers no such link on a dry run', async () => {
    await page.evaluate(`location.hash = '#/imports/${dryRunId}'`);
    await page.locator('#result-import-id', { hasText: dryRunId }).waitFor();
    expect(await page.locator('#result-import-contacts').count()).toBe(0);
  });
});
