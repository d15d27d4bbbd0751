// The page for people who use a screen reader or only the keyboard: axe-core finds nothing serious at each main state,
// and a file goes from its choice to its result with Tab, Enter and Space alone.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focusIsVisible, seriousFindings } from './support/accessibility.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { focused, importThroughApi, nextPreview } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';

warnIfNoChromium('The accessibility test of the page');

const CONTACTS_CSV = [
  'Email,Given Name,Company,Member since',
  'ann@example.com,Ann,,2021-04-01',
  'bob@example.com,Bob,Acme,2022-05-02',
  'not-an-email,Carl,Globex,2023-06-03',
  '',
].join('\n');

const manyRows = (rows: number) =>
  `Email\n${Array.from({ length: rows }, (_, i) => `p${i}@slow.example`).join('\n')}\n`;

let session: PageSession;
let page: Page;

/** Presses Tab until `id` has the focus, checking that every element passed on the way shows its focus. */
const tabTo = async (id: string, most = 80): Promise<string[]> => {
  const passed: string[] = [];
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    passed.push(now.id || now.name || now.tag);
    expect(await focusIsVisible(page), `focus visible on ${passed.at(-1)}`).toBe(true);
    if (now.id === id) return passed;
  }
  throw new Error(`#${id} never got the focus; Tab went through ${passed.join(', ')}`);
};

describe.skipIf(!hasChromium)('the page for keyboard and screen-reader users, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ stack: { batchRows: 25 } });
    page = session.page;
    await importThroughApi(session.api, 'earlier.csv', 'Email\nzoe@example.com\n', { dryRun: 'true' });
    writeFileSync(join(session.files, 'contacts.csv'), CONTACTS_CSV);
    writeFileSync(join(session.files, 'slow.csv'), manyRows(600));
  });

  afterAll(async () => {
    await session?.close();
  });

  it('is checked by an axe run that does find a serious problem when there is one', async () => {
    // Prepare: a control no one can name.
    await page.evaluate(
      `document.getElementById('main').append(Object.assign(document.createElement('input'), { id: 'nameless' }))`,
    );

    // Act
    const findings = await seriousFindings(page);

    // Assess
    expect(findings).toEqual([expect.stringMatching(/^critical label: .* #nameless$/)]);
    await page.evaluate(`document.getElementById('nameless').remove()`);
  });

  it('has no serious findings before the key is given', async () => {
    expect(await seriousFindings(page)).toEqual([]);
  });

  it('has no serious findings with the workspace open and its recent imports listed', async () => {
    // Prepare
    await page.getByLabel('Workspace API key').fill(session.apiKey);
    await page.getByLabel('Workspace API key').press('Enter');
    await page.locator('#imports-table').waitFor();

    // Assess
    expect(await seriousFindings(page)).toEqual([]);
  });

  it('has no serious findings in the preview and mapping step, its new-field form open', async () => {
    // Prepare
    await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, 'contacts.csv')));
    expect(await seriousFindings(page)).toEqual([]);

    // Act
    await page.getByLabel('Member since', { exact: true }).selectOption({ label: 'Create a custom field…' });
    await page.getByRole('form', { name: /New custom field/ }).waitFor();

    // Assess
    expect(await seriousFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('has no serious findings while an import runs, nor at its result', async () => {
    // Prepare
    await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, 'slow.csv')));

    // Act
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#import-text', { hasText: /^Importing: [1-9]/ }).waitFor();

    // Assess
    expect(await seriousFindings(page)).toEqual([]);
    await page.locator('#result-heading', { hasText: 'Imported slow.csv' }).waitFor();
    expect(await seriousFindings(page)).toEqual([]);
  });

  it('goes from choosing a file to the result with the keyboard alone, the focus shown and moved to the result', async () => {
    // Prepare: a fresh page, the key kept; the focus at the top.
    await page.goto(session.stack.apiUrl ?? '');
    await page.locator('#workspace').waitFor();
    await page.locator('#imports-table').waitFor();

    // Act: Tab to the file input, Space opens the chooser (the chooser itself is the system's).
    await tabTo('file-input');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await nextPreview(page, () => chooser.setFiles(join(session.files, 'contacts.csv')));

    // Assess: the preview's heading has the focus; Tab goes on through the mapping to the start button.
    expect((await focused(page)).id).toBe('preview-heading');
    const passed = await tabTo('start-import');
    expect(passed.filter((id) => id.startsWith('map-'))).toEqual(['map-0', 'map-1', 'map-2', 'map-3']);
    await page.keyboard.press('Enter');

    // Assess: the result arrives and the focus moves to its heading.
    await page.locator('#result-heading', { hasText: 'Imported contacts.csv' }).waitFor();
    await expect.poll(async () => (await focused(page)).id).toBe('result-heading');
    expect(await seriousFindings(page)).toEqual([]);

    // Act: on to another file, with Space on the button.
    await tabTo('new-import');
    await page.keyboard.press('Space');
    expect((await focused(page)).id).toBe('file-input');
    expect(session.pageErrors).toEqual([]);
  });
});
