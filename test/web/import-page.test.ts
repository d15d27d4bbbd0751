// The import page in a real browser (Chromium driven by playwright-core) against the local stack, as a person uses it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/api-client.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { downloadBy, importThroughApi, nextPreview, resultCount } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of the import page');

/** Small, so that a "too large" file is cheap to make. */
const MAX_BYTES = 4096;

const CONTACTS_CSV = [
  'E-mail Address,Given Name,Surname,Acct #,Phone',
  'ann@example.com,Ann,Lee,A-1,',
  'bob@example.com,Bob,Stone,B-2,+1 415 555 0100',
  'not-an-email,Carl,Reed,C-3,',
  '',
].join('\n');

let session: PageSession;
let api: ApiClient;
let apiKey: string;
let page: Page;
let files: string;
let pageErrors: string[];

const count = (outcome: string) => resultCount(page, outcome);

describe.skipIf(!hasChromium)('the import page, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ maxBytes: MAX_BYTES });
    ({ api, apiKey, page, files, pageErrors } = session);
    // Ann exists already: the file updates her. A file with no header failed earlier.
    await importThroughApi(api, 'seed.csv', 'Email\nann@example.com\n');
    await importThroughApi(api, 'notes.csv', 'foo,bar\n1,2\n');
    writeFileSync(join(files, 'contacts.csv'), CONTACTS_CSV);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('refuses a wrong API key with a clear message', async () => {
    await page.getByLabel('Workspace API key').fill('cik_not-a-real-key');
    await page.getByLabel('Workspace API key').press('Enter');
    await expect.poll(() => page.locator('#key-message').textContent()).toContain('refused (403)');
    expect(await page.locator('#workspace').isHidden()).toBe(true);
    expect(await page.getByLabel('Workspace API key').getAttribute('aria-invalid')).toBe('true');
  });

  it('accepts the right key and keeps it in the browser', async () => {
    await page.getByLabel('Workspace API key').fill(apiKey);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.locator('#workspace').waitFor();
    expect(await page.evaluate('localStorage.getItem("contacts-import.apiKey")')).toBe(apiKey);
    await page.reload();
    await page.locator('#workspace').waitFor();
    expect(await page.locator('#key-message').textContent()).toBe('Key accepted.');
  });

  it('adds a custom field that holds the external id and downloads the template with it', async () => {
    await page.getByLabel('Key', { exact: true }).fill('crm_id');
    await page.getByLabel('Label', { exact: true }).fill('CRM id');
    await page.getByLabel(/Holds the external id/).check();
    await page.getByRole('button', { name: 'Add the field' }).click();
    await page.locator('#fields-table', { hasText: 'crm_id' }).waitFor();
    expect(await page.locator('#fields-table tbody tr').first().textContent()).toContain('external_id');

    const template = await downloadBy(page, () =>
      page.getByRole('button', { name: 'Download the CSV template' }).click(),
    );
    expect(template.name).toBe('contacts-template.csv');
    expect(template.text.replace(/^\ufeff/, '').trim()).toBe(
      'full_name,first_name,last_name,email,phone,company_name,job_title,tags,external_id',
    );
  });

  it('shows the workspace settings, saves changed ones, and refuses UK naming GB', async () => {
    await page.getByLabel('Default country for phone numbers').last().fill('uk');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.locator('#settings-message', { hasText: 'use GB' }).waitFor();
    expect((await api.json('GET', '/settings')).body).toEqual({});

    await page.locator('#setting-country').fill('se');
    await page.locator('#setting-date-format').selectOption('DMY');
    await page.locator('#setting-decimal-separator').selectOption(',');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.locator('#settings-message', { hasText: 'Settings saved' }).waitFor();
    expect((await api.json('GET', '/settings')).body).toEqual({
      defaultCountry: 'SE',
      dateFormat: 'DMY',
      decimalSeparator: ',',
    });
    expect(await page.locator('#setting-country').inputValue()).toBe('SE');

    // Put back as the other tests expect the workspace (no settings).
    await page.locator('#setting-country').fill('');
    await page.locator('#setting-date-format').selectOption('');
    await page.locator('#setting-decimal-separator').selectOption('');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(async () => (await api.json('GET', '/settings')).body).toEqual({});
  });

  it('previews the file before anything is written, with a changed mapping re-run by the server', async () => {
    const contactsBefore = (await api.json<{ contacts: unknown[] }>('GET', '/contacts')).body.contacts.length;
    await nextPreview(page, () => page.setInputFiles('#file-input', join(files, 'contacts.csv')));
    expect(await page.locator('#detected-encoding').textContent()).toBe('utf-8');
    expect(await page.locator('#detected-delimiter').textContent()).toBe('comma (,)');
    expect(await page.locator('#detected-header-row').textContent()).toBe('row 1');
    expect(await page.getByLabel('E-mail Address').inputValue()).toBe('email');
    expect(await page.getByLabel('Surname').inputValue()).toBe('last_name');
    expect(await page.getByLabel('Acct #').inputValue()).toBe('ignore');

    const response = await nextPreview(page, () => page.getByLabel('Acct #').selectOption('external_id'));
    expect(new URL(response.url()).searchParams.get('mapping')).toBe(
      JSON.stringify({ 'Acct #': 'external_id' }),
    );
    expect(await page.getByLabel('Acct #').inputValue()).toBe('external_id');

    const row = (n: number) => page.locator(`#preview-rows tr[data-row="${n}"]`);
    expect(await row(2).textContent()).toContain('Will update a contact');
    expect(await row(3).textContent()).toContain('Will be created');
    expect(await row(4).textContent()).toContain('Error');
    expect(await row(4).textContent()).toContain('Invalid email in “E-mail Address”');
    expect(await page.locator('#preview-counts').textContent()).toContain(
      '1 would be created, 1 would update a contact, 0 skipped, 1 with errors',
    );
    expect((await api.json<{ contacts: unknown[] }>('GET', '/contacts')).body.contacts).toHaveLength(
      contactsBefore,
    );
  });

  it('uploads the file, follows the import and shows counts, the errored row and the error report', async () => {
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported contacts.csv' }).waitFor();

    expect(await page.locator('#upload-text').textContent()).toBe('Uploaded');
    const upload = page.locator('#upload-progress');
    expect(await upload.getAttribute('value')).toBe(await upload.getAttribute('max'));
    expect(await page.locator('#import-text').textContent()).toContain('3 rows');
    expect(await count('created')).toBe('1');
    expect(await count('updated')).toBe('1');
    expect(await count('skipped')).toBe('0');
    expect(await count('errored')).toBe('1');
    const errorRow = page.locator('#errors-table tr[data-row="4"]');
    expect(await errorRow.locator('th, td').allTextContents()).toEqual([
      '4',
      'E-mail Address',
      'Invalid email',
      expect.stringContaining('not-an-email'),
    ]);
    await page.getByText('How the columns were mapped').click();
    expect(await page.locator('.columns-used').textContent()).toContain('Acct # → External id (CRM id)');
    await saveScreenshot(page, 'import-page');

    const report = await downloadBy(page, () =>
      page.getByRole('button', { name: /Download the error report/ }).click(),
    );
    expect(report.name).toBe('contacts-errors.csv');
    expect(report.text).toContain(
      'E-mail Address,Given Name,Surname,Acct #,Phone,import_row,import_outcome,import_code',
    );
    expect(report.text).toContain('not-an-email,Carl,Reed,C-3,,4,errored,invalid_email,');
    writeFileSync(
      join(files, 'contacts-errors.csv'),
      report.text.replace('not-an-email', 'carl@example.com'),
    );

    const bob = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=bob@example.com',
    );
    expect(bob.body.contacts[0]).toMatchObject({ phone: '+14155550100', customFields: { crm_id: 'B-2' } });
    const ann = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=ann@example.com',
    );
    expect(ann.body.contacts[0]).toMatchObject({ lastName: 'Lee', customFields: { crm_id: 'A-1' } });
  });

  it('imports the fixed error report with the same options and mapping', async () => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import the fixed file' }).click(),
    ]);
    await nextPreview(page, () => chooser.setFiles(join(files, 'contacts-errors.csv')));
    expect(await page.getByLabel('Acct #').inputValue()).toBe('external_id');
    expect(await page.getByLabel('import_outcome').inputValue()).toBe('ignore');
    expect(await page.locator('#preview-rows tr[data-row="2"]').textContent()).toContain('Will be created');

    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported contacts-errors.csv' }).waitFor();
    expect(await count('created')).toBe('1');
    expect(await count('errored')).toBe('0');
    expect(await page.locator('#errors-table').count()).toBe(0);
    const carl = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=carl@example.com',
    );
    expect(carl.body.contacts[0]).toMatchObject({ fullName: 'Carl Reed', customFields: { crm_id: 'C-3' } });
  });

  it('lists recent imports and opens a failed one with its failure message', async () => {
    const table = page.locator('#imports-table');
    await table.locator('tr', { hasText: 'contacts-errors.csv' }).waitFor();
    expect(await table.locator('tr', { hasText: 'contacts-errors.csv' }).textContent()).toContain(
      'Completed',
    );
    await page.getByRole('link', { name: /Open the import of notes\.csv/ }).click();
    await page.locator('#result-heading', { hasText: 'The import of notes.csv failed' }).waitFor();
    expect(await page.locator('#result-failure').textContent()).toContain('(no_header)');
  });

  it('runs a dry run that writes nothing, then imports the same file for real', async () => {
    writeFileSync(join(files, 'dana.csv'), 'Email,First Name\ndana@example.com,Dana\n');
    const dana = async () =>
      (await api.json<{ contacts: unknown[] }>('GET', '/contacts?email=dana@example.com')).body.contacts;
    await page.getByLabel(/Dry run/).check();
    await nextPreview(page, () => page.setInputFiles('#file-input', join(files, 'dana.csv')));
    await page.getByRole('button', { name: 'Start the dry run' }).click();
    await page.locator('#result-heading', { hasText: 'Dry run of dana.csv: nothing was written' }).waitFor();
    expect(await count('created')).toBe('1');
    expect(await dana()).toEqual([]);

    await page.getByRole('button', { name: 'Import it for real' }).click();
    await page.locator('#result-heading', { hasText: 'Imported dana.csv' }).waitFor();
    expect(await count('created')).toBe('1');
    expect(await dana()).toHaveLength(1);
    expect(await page.getByLabel(/Dry run/).isChecked()).toBe(false);
  });

  it('previews and imports an Excel workbook, naming the sheet it reads', async () => {
    const workbook = fileURLToPath(new URL('../fixtures/xlsx/inline-strings.xlsx', import.meta.url));
    expect(await page.locator('#file-input').getAttribute('accept')).toContain('.xlsx');
    await nextPreview(page, () => page.setInputFiles('#file-input', workbook));
    expect(await page.locator('#detected-sheet').textContent()).toBe('Export');
    expect(await page.locator('#detected-sheets').textContent()).toBe('Export');
    expect(await page.getByLabel('Full Name').inputValue()).toBe('full_name');
    expect(await page.locator('#preview-rows tr[data-row="2"]').textContent()).toContain('Zoë Ångström');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported inline-strings.xlsx' }).waitFor();
    expect(await count('created')).toBe('2');
    const zoe = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=zoe@example.se',
    );
    expect(zoe.body.contacts[0]).toMatchObject({ fullName: 'Zoë Ångström' });
  });

  it('previews German headers with the country column as the phone country, and shows the new warnings', async () => {
    writeFileSync(
      join(files, 'kontakte.csv'),
      'Vorname;Nachname;E-Mail-Adresse;Telefonnummer;Land\nSven;Berg;sven@x.example, s@y.example;08-123 456 78;Schweden\n',
    );
    await nextPreview(page, () => page.setInputFiles('#file-input', join(files, 'kontakte.csv')));
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe('email');
    expect(await page.getByLabel('Telefonnummer').inputValue()).toBe('phone');
    expect(await page.getByLabel('Land').inputValue()).toBe('phone_country');
    expect(await page.locator('#preview-rows tr[data-row="2"]').textContent()).toContain('Will be created');
    expect(await page.getByRole('list', { name: 'Warnings' }).textContent()).toContain(
      'several email addresses in one cell',
    );
  });

  it('lets a person pick the header row of a file whose headers map to nothing, map its columns and import it', async () => {
    writeFileSync(
      join(files, 'no-header.csv'),
      [
        'Exported 2026-12-01',
        'Col A;Col B;Col C',
        'Ada;ada@x.example;+1 415 555 0100',
        'Grace;grace@x.example;+1 415 555 0101',
        '',
      ].join('\n'),
    );
    await nextPreview(page, () => page.setInputFiles('#file-input', join(files, 'no-header.csv')));
    expect(await page.locator('#preview-message').textContent()).toContain('No header row was found');
    expect(await page.locator('#header-rows tbody tr').count()).toBe(4);
    expect(await page.locator('#header-rows tr[data-row="3"]').textContent()).toContain('ada@x.example');
    expect(await page.getByRole('button', { name: 'Start the import' }).isDisabled()).toBe(true);

    // The wrong row first, then the right one with the keyboard: each pick is previewed anew.
    const first = await nextPreview(page, () => page.getByLabel('Row 1 is the header').check());
    expect(new URL(first.url()).searchParams.get('headerRow')).toBe('1');
    expect(await page.locator('#detected-header-row').textContent()).toBe('row 1');
    const second = await nextPreview(page, () => page.keyboard.press('ArrowDown'));
    expect(new URL(second.url()).searchParams.get('headerRow')).toBe('2');
    expect(await page.getByLabel('Row 2 is the header').isChecked()).toBe(true);
    expect(await page.locator('#detected-header-row').textContent()).toBe('row 2');
    expect(await page.getByLabel('Col B').inputValue()).toBe('ignore');

    await nextPreview(page, () => page.getByLabel('Col A').selectOption('first_name'));
    await nextPreview(page, () => page.getByLabel('Col B').selectOption('email'));
    const mapped = await nextPreview(page, () => page.getByLabel('Col C').selectOption('phone'));
    expect(JSON.parse(new URL(mapped.url()).searchParams.get('mapping') ?? '{}')).toEqual({
      'Col A': 'first_name',
      'Col B': 'email',
      'Col C': 'phone',
    });
    expect(await page.locator('#preview-rows tr[data-row="3"]').textContent()).toContain('Will be created');
    expect(await page.locator('#preview-rows tr[data-row="4"]').textContent()).toContain('Will be created');
    await saveScreenshot(page.locator('#preview-panel'), 'no-header');

    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported no-header.csv' }).waitFor();
    expect(await count('created')).toBe('2');
    expect(await count('errored')).toBe('0');
    const ada = await api.json<{ contacts: Array<Record<string, unknown>> }>(
      'GET',
      '/contacts?email=ada@x.example',
    );
    expect(ada.body.contacts[0]).toMatchObject({ firstName: 'Ada', phone: '+14155550100' });
    const grace = await api.json<{ contacts: unknown[] }>('GET', '/contacts?email=grace@x.example');
    expect(grace.body.contacts).toHaveLength(1);
  });

  it('says a file is too large before uploading it', async () => {
    const big = `Email\n${Array.from({ length: 400 }, (_, i) => `person${i}@example.com`).join('\n')}\n`;
    writeFileSync(join(files, 'big.csv'), big);
    const importsBefore = (await api.json<{ imports: unknown[] }>('GET', '/imports')).body.imports.length;
    await nextPreview(page, () => page.setInputFiles('#file-input', join(files, 'big.csv')));
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expect
      .poll(() => page.locator('#progress-message').textContent())
      .toContain('the largest file accepted is 4.0 KB');
    expect((await api.json<{ imports: unknown[] }>('GET', '/imports')).body.imports).toHaveLength(
      importsBefore,
    );
  });

  it('says when the server cannot be reached', async () => {
    await page.route('**/imports/preview**', (route) => route.abort('internetdisconnected'));
    await page.setInputFiles('#file-input', join(files, 'contacts.csv'));
    await expect
      .poll(() => page.locator('#preview-message').textContent())
      .toContain('Could not reach the server');
    expect(await page.getByRole('button', { name: 'Start the import' }).isDisabled()).toBe(true);
    await page.unroute('**/imports/preview**');
  });

  it('reads on a narrow screen without scrolling sideways', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
