// The update rules on the page, in Chromium (SPEC §9): a policy per column in the mapping table, the three options
// under the options, both sent to the preview and the import, and the import doing what they say.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { importThroughApi, nextPreview, resultCount } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';

warnIfNoChromium('The browser test of the update rules');

const UPDATE_CSV = 'Email,Title,Company,Tags\nann@x.com,CTO,Globex,Partner\n';

let session: PageSession;
let page: Page;
let api: ApiClient;

const policyOf = (header: string) =>
  page.locator(`#columns-table tr[data-header="${header}"] select.policy-select`);
const previewOutcome = () => page.locator('#preview-rows tr[data-row="2"] .badge').textContent();

describe.skipIf(!hasChromium)('update rules on the page, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ signedIn: true });
    ({ page, api } = session);
    await importThroughApi(
      api,
      'seed.csv',
      'Email,Name,Title,Company,Tags\nann@x.com,Ann,Engineer,Acme,VIP\n',
    );
    writeFileSync(join(session.files, 'update.csv'), UPDATE_CSV);
    await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, 'update.csv')));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows a policy per column, "As the import" at first, named apart from the column s field', async () => {
    expect(await page.locator('#columns-table thead').textContent()).toContain('Update of existing contacts');
    expect(await policyOf('Title').inputValue()).toBe('');
    expect(await policyOf('Title').locator('option:checked').textContent()).toBe('As the import');
    expect(await page.getByLabel('Title').inputValue()).toBe('job_title');
    expect(await page.getByLabel('Fields of a contact that exists already').inputValue()).toBe('');
  });

  it('sends the import options and a column s policy to the preview, whose prediction follows them', async () => {
    // Act: nothing may change an existing contact, but the title column may overwrite.
    const never = await nextPreview(page, () =>
      page.getByLabel('Fields of a contact that exists already').selectOption('never'),
    );
    const neverOutcome = await previewOutcome();
    const titled = await nextPreview(page, () => policyOf('Title').selectOption('always'));
    // Assess
    expect(new URL(never.url()).searchParams.get('overwrite')).toBe('never');
    expect(neverOutcome).toMatch(/skipped/i);
    const query = new URL(titled.url()).searchParams;
    expect(JSON.parse(query.get('mapping') ?? '{}')).toEqual({
      Title: { field: 'job_title', overwrite: 'always' },
    });
    expect(await previewOutcome()).toMatch(/updat/i);
    // Drawn anew from the server's columns, the policy stays chosen.
    expect(await policyOf('Title').inputValue()).toBe('always');
  });

  it('keeps the policy when the column is mapped to another field', async () => {
    const response = await nextPreview(page, () => page.getByLabel('Company').selectOption('job_title'));
    expect(JSON.parse(new URL(response.url()).searchParams.get('mapping') ?? '{}')).toEqual({
      Title: { field: 'job_title', overwrite: 'always' },
      Company: 'job_title',
    });
    await nextPreview(page, () => page.getByLabel('Company').selectOption('company_name'));
  });

  it('imports with the rules chosen: the summary lists them and the contact changed only where they allow', async () => {
    // Prepare
    await nextPreview(page, () =>
      page.getByLabel('Tags of a contact that exists already').selectOption('replace'),
    );
    // Act
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/imports') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Start the import' }).click(),
    ]);
    await page.locator('#result-counts').waitFor();
    await expect.poll(() => resultCount(page, 'updated'), { timeout: 30_000 }).toBe('1');
    // Assess
    expect(created.request().postDataJSON()).toMatchObject({
      overwrite: 'never',
      tagMode: 'replace',
      mapping: { Title: { field: 'job_title', overwrite: 'always' } },
    });
    const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=ann@x.com',
    );
    // The title column overwrote; the company stayed (never); the tags stayed too: never covers them.
    expect(body.contacts[0]).toMatchObject({ jobTitle: 'CTO', companyName: 'Acme', tags: ['VIP'] });
    expect(session.pageErrors).toEqual([]);
  });
});
