// Saved settings on the page, in Chromium (SPEC §11): the remembered mapping's notice and "Don't use it", the
// profile select, and "Save these settings as a profile…", against the real local stack.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { seriousFindings } from './support/accessibility.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { nextPreview } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of saved settings');

const HEADER = 'Email,Name,Company';
const OTHER_HEADER = 'Email,Company,Tags';

interface Summary {
  id: string;
  status: string;
  warnings: Array<{ code: string }>;
  options: { tagMode?: string };
  columns: Array<{ header: string; field?: string }>;
}

/** The field the import gave a column, as its summary reports it. */
const fieldIn = (summary: Summary, header: string) => summary.columns.find((c) => c.header === header)?.field;

let session: PageSession;
let page: Page;
let api: ApiClient;
let firstImportId = '';

const fieldOf = (header: string) => page.locator(`#columns-table tr[data-header="${header}"] select`).first();

/** Chooses a file of these lines in the page and waits for its preview. */
const chooseCsv = async (name: string, lines: string[]): Promise<Response> => {
  writeFileSync(join(session.files, name), `${lines.join('\n')}\n`);
  return nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, name)));
};

/** Starts the import from the mapping step and waits for its end: the body POST /imports got, and its summary. */
const startAndFinish = async (): Promise<{ sent: Record<string, unknown>; summary: Summary }> => {
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/imports') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Start the import' }).click(),
  ]);
  const { importId } = (await created.json()) as { importId: string };
  const summary = (await api.waitForImport(importId)) as unknown as Summary;
  await page.locator('#result-counts').waitFor();
  return { sent: created.request().postDataJSON() as Record<string, unknown>, summary };
};

describe.skipIf(!hasChromium)('saved settings on the page, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ signedIn: true });
    ({ page, api } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('remembers a changed mapping: the next file with that header shows the notice naming the import', async () => {
    // Prepare: a first file imported with the company column mapped to the job title.
    await chooseCsv('first.csv', [HEADER, 'ann@x.com,Ann,CTO']);
    expect(await fieldOf('Company').inputValue()).toBe('company_name');
    await nextPreview(page, () => fieldOf('Company').selectOption('job_title'));
    const first = await startAndFinish();
    expect(first.summary.status).toBe('completed');
    expect(fieldIn(first.summary, 'Company')).toBe('job_title');
    firstImportId = first.summary.id;
    // Act
    const response = await chooseCsv('second.csv', [HEADER, 'bob@x.com,Bob,CFO']);
    // Assess: the preview applied the remembered mapping, and the page says from which import.
    const preview = (await response.json()) as { remembered?: { importId: string } };
    expect(preview.remembered?.importId).toBe(firstImportId);
    const notice = page.locator('#remembered-notice');
    expect(await notice.textContent()).toMatch(/^Mapping from your import of \d{1,2} \w{3} \d{4}/);
    expect(await notice.getByRole('link').getAttribute('href')).toBe(`#/imports/${firstImportId}`);
    expect(await notice.getByRole('link').textContent()).toBe(`…${firstImportId.slice(-6)}`);
    expect(await fieldOf('Company').inputValue()).toBe('job_title');
    expect(await seriousFindings(page)).toEqual([]);
    await saveScreenshot(page.locator('#preview-panel'), 'saved-settings');
  });

  it('"Don\'t use it" previews with the default mapping and the import starts without the remembered settings', async () => {
    // Act
    const response = await nextPreview(page, () =>
      page.getByRole('button', { name: 'Don’t use it' }).click(),
    );
    // Assess
    expect(new URL(response.url()).searchParams.get('ignoreRemembered')).toBe('true');
    expect(await page.locator('#remembered-notice').count()).toBe(0);
    expect(await fieldOf('Company').inputValue()).toBe('company_name');
    const { sent, summary } = await startAndFinish();
    expect(sent.ignoreRemembered).toBe(true);
    expect(summary.status).toBe('completed');
    expect(summary.warnings.map((w) => w.code)).not.toContain('settings_from_previous_import');
    expect(fieldIn(summary, 'Company')).toBe('company_name');
    const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=bob@x.com',
    );
    expect(body.contacts[0]).toMatchObject({ companyName: 'CFO' });
  });

  it('saves the mapping and options shown as a profile, which GET /import-profiles lists and the select offers', async () => {
    // Prepare: a header seen before by no import; its company column mapped to the title, tags replaced.
    await chooseCsv('third.csv', [OTHER_HEADER, 'cy@x.com,CEO,VIP']);
    expect(await page.locator('#remembered-notice').count()).toBe(0);
    await nextPreview(page, () => fieldOf('Company').selectOption('job_title'));
    await nextPreview(page, () =>
      page.getByLabel('Tags of a contact that exists already').selectOption('replace'),
    );
    await page.getByText('Save these settings as a profile…').click();
    // Act: a name the server would refuse is refused at the field; then a good one.
    await page.getByLabel('Profile name').fill('nightly crm');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    const refused = await page.locator('#profile-name-message').textContent();
    await page.getByLabel('Profile name').fill('nightly-crm');
    const [put] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/import-profiles/') && r.request().method() === 'PUT'),
      page.getByRole('button', { name: 'Save the profile' }).click(),
    ]);
    await page.locator('#profile option[value="nightly-crm"]').waitFor({ state: 'attached' });
    // Assess
    expect(refused).toMatch(/1 to 64 letters, digits/);
    expect(put.status()).toBe(200);
    expect(await page.locator('#profile-name-message').textContent()).toMatch(/Saved as “nightly-crm”/);
    const { body } = await api.json<{ profiles: Array<{ name: string; options: Record<string, unknown> }> }>(
      'GET',
      '/import-profiles',
    );
    expect(body.profiles.map((p) => p.name)).toEqual(['nightly-crm']);
    expect(body.profiles[0]?.options).toMatchObject({
      tagMode: 'replace',
      mapping: { Email: 'email', Company: 'job_title', Tags: 'tags' },
    });
  });

  it('picks the profile for another file: the preview and the import take it, the summary shows its options', async () => {
    // Prepare: the page's own choices back to their defaults, a new file of the profile's header.
    await page.getByLabel('Tags of a contact that exists already').selectOption('');
    await chooseCsv('fourth.csv', [OTHER_HEADER, 'dee@x.com,COO,Board']);
    expect(await fieldOf('Company').inputValue()).toBe('company_name');
    // Act
    const response = await nextPreview(page, () =>
      page.getByLabel('Saved settings').selectOption('nightly-crm'),
    );
    // Assess
    expect(new URL(response.url()).searchParams.get('profile')).toBe('nightly-crm');
    expect(await fieldOf('Company').inputValue()).toBe('job_title');
    const { sent, summary } = await startAndFinish();
    expect(sent.profile).toBe('nightly-crm');
    expect(summary.status).toBe('completed');
    expect(summary.options.tagMode).toBe('replace');
    expect(fieldIn(summary, 'Company')).toBe('job_title');
    expect(summary.warnings.map((w) => w.code)).not.toContain('settings_from_previous_import');
    const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=dee@x.com',
    );
    expect(body.contacts[0]).toMatchObject({ jobTitle: 'COO' });
    expect(session.pageErrors).toEqual([]);
  });

  it('deletes a profile from the page after a confirmation in words, and says so when it was already gone', async () => {
    // Prepare: a second profile, and the page loaded afresh so that its select lists both.
    await api.json('PUT', '/import-profiles/spare-crm', { tagMode: 'replace' });
    await page.reload();
    await page.locator('#profile option[value="spare-crm"]').waitFor({ state: 'attached' });
    const select = page.getByLabel('Saved settings');
    const remove = page.getByRole('button', { name: 'Delete this profile' });
    const listed = async () =>
      (await api.json<{ profiles: Array<{ name: string }> }>('GET', '/import-profiles')).body.profiles.map(
        (p) => p.name,
      );
    expect(await remove.isVisible()).toBe(false);

    // Act: "Keep it" deletes nothing.
    await select.selectOption('nightly-crm');
    await remove.click();
    expect(await page.locator('#profile-delete-question').textContent()).toBe(
      'Delete the profile “nightly-crm”? Imports already started keep the settings they started with.',
    );
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await listed()).toEqual(['nightly-crm', 'spare-crm']);

    // Act: deleted with the keyboard alone, from the button to the confirmation.
    await remove.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('profile-delete-question');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Delete “nightly-crm”');
    await page.keyboard.press('Enter');

    // Assess
    await page
      .locator('#profile-delete-message', { hasText: 'Deleted the profile “nightly-crm”.' })
      .waitFor();
    expect(await listed()).toEqual(['spare-crm']);
    expect(await page.locator('#profile option').allTextContents()).toEqual(['No profile', 'spare-crm']);
    expect(await select.inputValue()).toBe('');
    expect(await remove.isVisible()).toBe(false);

    // Act: another client deletes the profile while the page still offers it.
    await select.selectOption('spare-crm');
    const { status } = await api.request('DELETE', '/import-profiles/spare-crm');
    expect(status).toBe(204);
    await remove.click();
    await page.getByRole('button', { name: 'Delete “spare-crm”' }).click();

    // Assess: said in words, and the select no longer offers it.
    await page
      .locator('#profile-delete-message', { hasText: 'The profile “spare-crm” was already deleted.' })
      .waitFor();
    expect(await page.locator('#profile option').allTextContents()).toEqual(['No profile']);
    expect(session.pageErrors).toEqual([]);
  });
});
