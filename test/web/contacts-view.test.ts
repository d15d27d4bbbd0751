// The contacts view in a real browser against the local stack: search and filters, stable paging, details, an edit
// with the server's message next to the field, a deletion after confirmation, and an accessibility check.

import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { importThroughApi } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of the contacts view');

let session: PageSession;
let api: ApiClient;
let page: Page;

/** 30 contacts: more than one page of 25. Élodie and Marc share a company; Zoé has a French phone. */
const CONTACTS_CSV = [
  'First Name,Last Name,Email,Phone,Company,Tags',
  'Élodie,Durand,elodie@acme.example,+14155550301,Acme,vip',
  'Marc,Petit,marc@acme.example,+14155550302,Acme,',
  'Zoé,Martin,zoe@globex.example,+33 6 12 34 56 78,Globex,"fr, lead"',
  ...Array.from({ length: 27 }, (_, i) => `Person,${i},p${i}@x.example,,Initech,`),
  '',
].join('\n');

const names = async () => page.locator('#contacts-body tr td:first-child').allTextContents();

const find = async (fill: Record<string, string>) => {
  for (const [label, value] of Object.entries(fill))
    await page.getByLabel(label, { exact: true }).fill(value);
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('/contacts?') && r.request().method() === 'GET'),
    page.getByRole('button', { name: 'Find' }).click(),
  ]);
  await page.locator('#contacts-body:not([aria-busy])').waitFor();
};

describe.skipIf(!hasChromium)('the contacts view, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ signedIn: true });
    ({ api, page } = session);
    await importThroughApi(api, 'people.csv', CONTACTS_CSV);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('is reached from the nav and pages through every contact in a stable order', async () => {
    // Act
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.locator('#contacts-body tr').first().waitFor();
    const first = await names();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.locator('#contacts-page').textContent()).toBe('Page 2');
    const second = await names();
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => page.locator('#contacts-page').textContent()).toBe('Page 1');
    // Assess: 25 then 5, none twice, the same first page again; the import cards are hidden meanwhile
    expect(first).toHaveLength(25);
    expect(second).toHaveLength(5);
    expect(new Set([...first, ...second]).size).toBe(30);
    expect(await names()).toEqual(first);
    expect(await page.getByRole('link', { name: 'Contacts' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#import-section').isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(false);
  });

  it('finds by words without accents, by email and by phone in another format', async () => {
    // Act / Assess
    await find({ Search: 'elodie' });
    expect(await names()).toEqual(['Élodie Durand']);
    await find({ Search: 'acme' });
    expect((await names()).sort()).toEqual(['Marc Petit', 'Élodie Durand']);
    await find({ Search: '', Email: 'ZOE@globex.example' });
    expect(await names()).toEqual(['Zoé Martin']);
    await find({ Email: '', Phone: '+33612345678' });
    expect(await names()).toEqual(['Zoé Martin']);
    await find({ Phone: '', Search: 'nobody-at-all' });
    expect(await names()).toEqual(['No contact found.']);
  });

  it('shows a contact, refuses an email another contact has next to the field, then saves a valid edit', async () => {
    // Prepare
    await find({ Search: 'marc' });
    await page.getByRole('button', { name: 'Marc Petit' }).click();
    await expect.poll(() => page.locator('#contact-details-heading').textContent()).toBe('Marc Petit');
    // Act: an email Élodie has
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.locator('#contact-edit-email').fill('elodie@acme.example');
    await page.getByRole('button', { name: 'Save' }).click();
    // Assess
    await page.locator('#contact-edit-email-error:not([hidden])').waitFor();
    expect(await page.locator('#contact-edit-email-error').textContent()).toContain(
      'another contact has elodie@acme.example',
    );
    expect(await page.locator('#contact-edit-email').getAttribute('aria-invalid')).toBe('true');
    // Act: an invalid phone, then a valid edit
    await page.locator('#contact-edit-email').fill('marc@acme.example');
    await page.locator('#contact-edit-phone').fill('12');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#contact-edit-phone-error:not([hidden])').waitFor();
    expect(await page.locator('#contact-edit-phone-error').textContent()).toMatch(/^phone: /);
    await page.locator('#contact-edit-phone').fill('+1 415 555 0399');
    await page.locator('#contact-edit-jobTitle').fill('Buyer');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#contact-message').textContent()).toBe('Saved.');
    // Assess: stored as the API says
    const stored = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=marc@acme.example',
    );
    expect(stored.body.contacts[0]).toMatchObject({ phone: '+14155550399', jobTitle: 'Buyer', ver: 2 });
    expect(await page.locator('#contact-facts').textContent()).toContain('Buyer');
  });

  it('passes an accessibility check with no serious or critical finding, and is pictured for the README', async () => {
    // Prepare: the list and a contact's edit form open
    await find({ Search: 'acme' });
    await page.getByRole('button', { name: 'Élodie Durand' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    // Act
    const results = await new AxeBuilder({ page: page as never }).analyze();
    // Assess
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await saveScreenshot(page, 'contacts');
  });

  it('deletes a contact after a confirmation; its email is free again', async () => {
    // Prepare
    await find({ Search: 'zoe' });
    await page.getByRole('button', { name: 'Zoé Martin' }).click();
    // Act: asked, kept, asked again, deleted
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    expect(await page.locator('#contact-delete-question').textContent()).toContain('Delete Zoé Martin?');
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await page.locator('#contact-delete-confirm').isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete contact' }).click();
    // Assess
    await expect.poll(() => page.locator('#contacts-message').textContent()).toBe('Zoé Martin was deleted.');
    await expect.poll(() => names()).toEqual(['No contact found.']);
    const found = await api.json<{ contacts: unknown[] }>('GET', '/contacts?email=zoe@globex.example');
    expect(found.body.contacts).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
