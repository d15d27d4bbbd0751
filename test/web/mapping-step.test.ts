// The mapping step in Chromium: several sample values per column, a custom field created from a column's dropdown,
// and fields named by their labels from the mapping to the result.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { focused, nextPreview } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of the mapping step');

/** Company is empty in the first row, Notes in every row, Member since is no field yet. */
const MEMBERS_CSV = [
  'Email,Given Name,Company,Notes,Member since',
  'ann@example.com,Ann,,,2021-04-01',
  'bob@example.com,Bob,Acme,,2022-05-02',
  'cy@example.com,Cy,Acme,,2023-06-03',
  'dee@example.com,Dee,Globex,,2024-07-04',
  'eve@example.com,Eve,Initech,,2025-08-05',
  'not-an-email,Fay,Umbrella,,2026-09-06',
  '',
].join('\n');

let session: PageSession;
let page: Page;
let api: ApiClient;

/** The sample values the mapping step shows for the column of `header`. */
const samplesOf = (header: string) =>
  page.locator(`#columns-table tr[data-header="${header}"] td.sample li`).allTextContents();

describe.skipIf(!hasChromium)('the mapping step, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ signedIn: true });
    ({ page, api } = session);
    writeFileSync(join(session.files, 'members.csv'), MEMBERS_CSV);
    await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, 'members.csv')));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the first distinct non-empty values of each column, so a column empty in row 1 does not look empty', async () => {
    // Assess
    expect(await samplesOf('Company')).toEqual(['Acme', 'Globex', 'Initech']);
    expect(await samplesOf('Given Name')).toEqual(['Ann', 'Bob', 'Cy']);
    expect(await page.locator('#columns-table tr[data-header="Notes"] td.sample').textContent()).toBe(
      'Empty in the first 6 rows',
    );
    expect(await page.locator('#columns-table thead').textContent()).toContain('Sample values');
  });

  it('names fields by their labels in the dropdown', async () => {
    // Assess
    const chosen = page.locator(
      '#columns-table tr[data-header="Given Name"] select.field-select option:checked',
    );
    expect(await chosen.textContent()).toBe('First name');
    expect(
      await page
        .locator('#columns-table tr[data-header="Company"] select.field-select option:checked')
        .textContent(),
    ).toBe('Company');
  });

  it('refuses a reserved key in the new-field form and says why, mapping nothing', async () => {
    // Prepare
    const select = page.getByLabel('Member since', { exact: true });
    await select.selectOption({ label: 'Create a custom field…' });
    const form = page.getByRole('form', { name: 'New custom field for “Member since”' });
    await form.waitFor();
    expect(await select.inputValue()).toBe('ignore');
    expect(await form.getByLabel('Key').inputValue()).toBe('member_since');
    expect(await form.getByLabel('Label').inputValue()).toBe('Member since');
    expect((await focused(page)).name).toBe('key');

    // Act
    await form.getByLabel('Key').fill('email');
    await form.getByRole('button', { name: 'Create and map the column' }).click();

    // Assess
    await expect.poll(() => form.locator('.message').textContent()).toContain('reserved');
    expect((await api.json<{ customFields: unknown[] }>('GET', '/custom-fields')).body.customFields).toEqual(
      [],
    );

    // Escape closes the form and gives the focus back to the column's dropdown.
    await form.getByLabel('Key').press('Escape');
    expect(await form.count()).toBe(0);
    expect((await focused(page)).id).toBe(await select.getAttribute('id'));
  });

  it('creates a custom field from a column’s dropdown, maps the column to it and previews again', async () => {
    // Prepare
    const select = page.getByLabel('Member since', { exact: true });
    await select.selectOption({ label: 'Create a custom field…' });
    const form = page.getByRole('form', { name: 'New custom field for “Member since”' });
    await form.getByLabel('Type').selectOption('date');
    await saveScreenshot(page.locator('#preview-panel'), 'mapping-new-field');

    // Act
    const [created, preview] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/custom-fields') && r.request().method() === 'POST'),
      nextPreview(page, () => form.getByRole('button', { name: 'Create and map the column' }).click()),
    ]);

    // Assess
    expect(created.status()).toBe(201);
    expect((await api.json('GET', '/custom-fields')).body).toEqual({
      customFields: [{ key: 'member_since', label: 'Member since', type: 'date' }],
    });
    expect(JSON.parse(new URL(preview.url()).searchParams.get('mapping') ?? '{}')).toEqual({
      'Member since': 'member_since',
    });
    expect(await select.inputValue()).toBe('member_since');
    expect(await select.locator('option:checked').textContent()).toBe('Member since');
    expect((await focused(page)).id).toBe(await select.getAttribute('id'));
    // The new field is in the custom fields card too.
    expect(await page.locator('#fields-table').textContent()).toContain('member_since');
  });

  it('names the fields by their labels in the result, its columns and its errors', async () => {
    // Act
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported members.csv' }).waitFor();

    // Assess
    await page.getByText('How the columns were mapped').click();
    const columns = await page.locator('.columns-used li').allTextContents();
    expect(columns).toEqual([
      'Email → Email',
      'Given Name → First name',
      'Company → Company',
      'Notes → ignored',
      'Member since → Member since',
    ]);
    const errorRow = page.locator('#errors-table tr[data-row="7"]');
    expect(await errorRow.locator('td').nth(1).textContent()).toBe('Invalid email');
    const dee = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=dee@example.com',
    );
    expect(dee.body.contacts[0]).toMatchObject({
      companyName: 'Globex',
      customFields: { member_since: '2024-07-04' },
    });
    await saveScreenshot(page, 'result-labels');
    expect(session.pageErrors).toEqual([]);
  });
});
