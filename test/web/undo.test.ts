// "Undo this import" in Chromium against the local stack (SPEC §10): the dry run's counts in words before Confirm,
// the undo's one progress figure, its result on the page and in the stored contacts, from a result and from the
// recent imports, by keyboard alone, refusals said, a failed undo said and started again, and axe finding nothing
// serious.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalPrefix } from '../../shared/adapters/s3/s3-journal-store.js';
import type { ApiClient } from '../support/api-client.js';
import { seriousFindings } from './support/accessibility.js';
import { hasChromium, warnIfNoChromium } from './support/chromium.js';
import { focused, importThroughApi, nextPreview } from './support/page-helpers.js';
import { openPageSession, type PageSession } from './support/page-session.js';
import { saveScreenshot } from './support/screenshots.js';

warnIfNoChromium('The browser test of undoing an import');

interface Contact {
  id: string;
  email: string | null;
  companyName: string | null;
  jobTitle: string | null;
}

interface Revert {
  status: string;
  dryRun: boolean;
  counts: { contacts: number; deleted: number; restored: number; kept: number };
  keptBy: { changed_since: number; email_taken: number };
  finishedAt?: string;
}

/** Three contacts of Acme, there before the import to undo. */
const EXISTING_CSV = 'Email,Company\nann@x.example,Acme\nbob@x.example,Acme\ncat@x.example,Acme\n';
/** Creates 40 contacts and moves the three of Acme to Globex. */
const PEOPLE_CSV = [
  'Email,Company',
  ...Array.from({ length: 40 }, (_, i) => `new${i}@x.example,Newco`),
  'ann@x.example,Globex',
  'bob@x.example,Globex',
  'cat@x.example,Globex',
  '',
].join('\n');

let session: PageSession;
let api: ApiClient;
let page: Page;
let peopleId = '';

const allContacts = async (): Promise<Contact[]> => {
  const found: Contact[] = [];
  let cursor: string | undefined;
  do {
    const { body } = await api.json<{ contacts: Contact[]; cursor?: string }>(
      'GET',
      `/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    found.push(...body.contacts);
    cursor = body.cursor;
  } while (cursor);
  return found;
};

const byEmail = async () =>
  Object.fromEntries((await allContacts()).map((c) => [c.email ?? '', c.companyName ?? '']));

const revertOf = async (importId: string): Promise<Revert | undefined> =>
  (await api.json<{ revert?: Revert }>('GET', `/imports/${importId}`)).body.revert;

/** The figures a sentence of the undo box shows (`data-count`); a clause left out (nothing of it) reads 0. */
const shownCounts = async (sentence: ReturnType<Page['locator']>) => {
  const read = async (name: string) => {
    const figure = sentence.locator(`[data-count="${name}"]`);
    if ((await figure.count()) === 0) return 0;
    const value = (await figure.getAttribute('data-value')) ?? (await figure.textContent()) ?? '';
    return Number(value.replace(/,/g, ''));
  };
  return {
    deleted: await read('deleted'),
    restored: await read('restored'),
    kept: await read('kept'),
    changed_since: await read('changed_since'),
    email_taken: await read('email_taken'),
  };
};

const rowOf = (importId: string) => page.locator(`#imports-table tr[data-import-id="${importId}"]`);
const undoRowOf = (importId: string) =>
  page.locator(`#imports-table tr.undo-row[data-undo-of="${importId}"]`);

/** Presses Tab until the focused element matches `selector`. */
const tabTo = async (selector: string, most = 40) => {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
};

const refreshImports = async () => {
  await Promise.all([
    page.waitForResponse(
      (r) => /\/imports$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET',
    ),
    page.getByRole('button', { name: 'Refresh' }).click(),
  ]);
  await page.locator('#imports-message', { hasText: 'Up to date.' }).waitFor();
};

describe.skipIf(!hasChromium)('undo an import, in Chromium', () => {
  beforeAll(async () => {
    session = await openPageSession({ signedIn: true });
    ({ api, page } = session);
    await importThroughApi(api, 'existing.csv', EXISTING_CSV);
    writeFileSync(join(session.files, 'people.csv'), PEOPLE_CSV);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('is not offered for a dry run nor a failed import, and is for a completed one', async () => {
    // Prepare
    const dry = String(
      (await importThroughApi(api, 'dry.csv', 'Email\nd@x.example\n', { dryRun: 'true' })).id,
    );
    const failed = await importThroughApi(api, 'empty.csv', '\n\n');
    expect(failed.status).toBe('failed');

    // Act
    await refreshImports();

    // Assess
    expect(await rowOf(dry).getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    expect(await rowOf(String(failed.id)).getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    const existing = (await api.json<{ imports: Array<{ id: string; fileName: string }> }>('GET', '/imports'))
      .body.imports;
    const existingId = existing.find((i) => i.fileName === 'existing.csv')?.id ?? '';
    expect(
      await rowOf(existingId)
        .getByRole('button', { name: /^Undo the import of existing\.csv/ })
        .count(),
    ).toBe(1);
    await rowOf(dry).getByRole('link').click();
    await page.locator('#result-heading', { hasText: 'Dry run of dry.csv' }).waitFor();
    expect(await page.locator('#result-body .undo').count()).toBe(0);
  });

  it('shows the dry run’s counts in words, the API’s own, before anything changes', async () => {
    // Prepare: the import on the page, then a person edits one of the contacts it created
    await nextPreview(page, () => page.setInputFiles('#file-input', join(session.files, 'people.csv')));
    await page.getByRole('button', { name: 'Start the import' }).click();
    await page.locator('#result-heading', { hasText: 'Imported people.csv' }).waitFor();
    peopleId = (await page.locator('#result-import-id').textContent()) ?? '';
    const edited = (await allContacts()).find((c) => c.email === 'new0@x.example');
    expect(edited).toBeDefined();
    const patch = await api.json('PATCH', `/contacts/${edited?.id}`, { jobTitle: 'Buyer' });
    expect(patch.status).toBe(200);
    const before = await byEmail();

    // Act: Undo, Cancel (the focus back on Undo), Undo again (a dry run may be repeated)
    const undo = page.locator('#result-body').getByRole('button', { name: 'Undo this import' });
    await undo.click();
    const confirmation = page.getByRole('group', { name: 'Undo this import?' });
    await confirmation.waitFor();
    await confirmation.getByRole('button', { name: 'Cancel' }).click();
    await confirmation.waitFor({ state: 'hidden' });
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Undo this import');
    await undo.click();
    await confirmation.waitFor();

    // Assess: the words, their figures as the API's dry run counted them, nothing changed yet, the focus there
    const sentence = confirmation.locator('.undo-dry-run');
    const revert = await revertOf(peopleId);
    expect(revert).toMatchObject({ status: 'completed', dryRun: true });
    expect(revert?.counts).toEqual({ contacts: 43, deleted: 39, restored: 3, kept: 1 });
    expect(revert?.keptBy).toEqual({ changed_since: 1, email_taken: 0 });
    expect(await shownCounts(sentence)).toEqual({
      deleted: revert?.counts.deleted,
      restored: revert?.counts.restored,
      kept: revert?.counts.kept,
      changed_since: revert?.keptBy.changed_since,
      email_taken: revert?.keptBy.email_taken,
    });
    expect(await sentence.textContent()).toBe(
      'Undo would delete 39 contacts this import created, restore 3 contacts it changed and keep 1 contact changed since the import.',
    );
    expect(await byEmail()).toEqual(before);
    expect(await page.evaluate('document.activeElement?.closest(".undo-confirm") !== null')).toBe(true);
    expect(await seriousFindings(page)).toEqual([]);
    await saveScreenshot(page, 'undo');
  });

  it('undoes the import on Confirm: one progress figure, then the result the stored contacts match', async () => {
    // Prepare: what the box shows at every change
    await page.evaluate(`(() => {
      const box = document.querySelector('#result-body .undo');
      window.__undo = [];
      const take = () => {
        const progress = box.querySelector('.undo-progress');
        if (progress.hidden) return;
        const figures = [...box.querySelectorAll('.undo-figure')].filter((e) => e.offsetParent !== null);
        const live = box.querySelector('.undo-progress [aria-live]');
        const rect = live.getBoundingClientRect();
        window.__undo.push({
          figures: figures.map((e) => e.textContent),
          live: live.textContent,
          liveShown: rect.width > 1 && rect.height > 1,
        });
      };
      new MutationObserver(take).observe(box, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);

    // Act
    await page.getByRole('button', { name: 'Confirm: undo the import' }).click();
    const result = page.locator('#result-body .undo-result');
    await result.waitFor({ state: 'visible', timeout: 60_000 });

    // Assess: the figures shown, one at a time, the live region hidden and saying what the figure says
    const snapshots = (await page.evaluate('window.__undo')) as Array<{
      figures: string[];
      live: string;
      liveShown: boolean;
    }>;
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) {
      expect(snapshot.figures).toHaveLength(1);
      expect(snapshot.liveShown).toBe(false);
    }
    const figures = snapshots.map((s) => s.figures[0] ?? '');
    expect(figures.some((f) => /^Undoing: \d+ of at most 43 contacts$/.test(f))).toBe(true);
    const done = figures.flatMap((f) => /^Undoing: (\d+)/.exec(f)?.[1] ?? []).map(Number);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(figures.at(-1)).toBe('Undone: 43 contacts looked at');
    const spoken = snapshots
      .map((s) => s.live)
      .filter((text) => text !== '' && text !== 'Undoing the import…');
    for (const text of spoken) expect([...figures, (await result.textContent()) ?? '']).toContain(text);

    // Assess: the result's figures are the revert's, and the stored contacts are as they imply
    const revert = await revertOf(peopleId);
    expect(revert).toMatchObject({
      status: 'completed',
      dryRun: false,
      counts: { contacts: 43, deleted: 39, restored: 3, kept: 1 },
      keptBy: { changed_since: 1, email_taken: 0 },
    });
    expect(await shownCounts(result)).toEqual({
      deleted: 39,
      restored: 3,
      kept: 1,
      changed_since: 1,
      email_taken: 0,
    });
    expect(await result.textContent()).toMatch(
      /^Undone: deleted 39 contacts this import created, restored 3 contacts it changed and kept 1 contact changed since the import\. \(.+\)$/,
    );
    expect(await page.evaluate('document.activeElement?.classList.contains("undo-result")')).toBe(true);
    const contacts = await allContacts();
    expect(contacts.map((c) => `${c.email}:${c.companyName}:${c.jobTitle ?? ''}`).sort()).toEqual([
      'ann@x.example:Acme:',
      'bob@x.example:Acme:',
      'cat@x.example:Acme:',
      'new0@x.example:Newco:Buyer',
    ]);
    // The list marks it undone and offers it no more; the result, opened again, says when it was undone
    await rowOf(peopleId).locator('.badge.undone').waitFor();
    expect(await rowOf(peopleId).getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    await page.reload();
    await page.locator('#result-import-id', { hasText: peopleId }).waitFor();
    const reopened = page.locator('#result-body .undo-result');
    await reopened.waitFor();
    expect(await shownCounts(reopened)).toMatchObject({ deleted: 39, restored: 3, kept: 1 });
    expect(await page.locator('#result-body').getByRole('button', { name: 'Undo this import' }).count()).toBe(
      0,
    );
    expect(await seriousFindings(page)).toEqual([]);
  });

  it('undoes an import from the recent imports with Tab and Enter alone, and Cancel changes nothing', async () => {
    // Prepare: two more imports, the newest first in the list
    const kept = String((await importThroughApi(api, 'kept.csv', 'Email\nkeep@x.example\n')).id);
    const more = String(
      (await importThroughApi(api, 'more.csv', 'Email,Company\nm1@x.example,M\nm2@x.example,M\n')).id,
    );
    await refreshImports();

    // Act: Cancel on one, from the Refresh button on
    await page.getByRole('button', { name: 'Refresh' }).focus();
    await tabTo(`#imports-table tr[data-import-id="${kept}"] button.undo-start`);
    await page.keyboard.press('Enter');
    await undoRowOf(kept).getByRole('group', { name: 'Undo this import?' }).waitFor();
    expect(await page.evaluate('document.activeElement?.closest("tr.undo-row") !== null')).toBe(true);
    await tabTo('tr.undo-row button:not(.danger)');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    await page.keyboard.press('Enter');

    // Assess: the box gone, the focus back on its Undo, the contact still there
    await undoRowOf(kept).waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toMatch(
      /^Undo the import of kept\.csv/,
    );
    expect(Object.keys(await byEmail())).toContain('keep@x.example');

    // Act: Undo and Confirm on the other
    await page.getByRole('button', { name: 'Refresh' }).focus();
    await tabTo(`#imports-table tr[data-import-id="${more}"] button.undo-start`);
    await page.keyboard.press('Enter');
    const confirmation = undoRowOf(more).getByRole('group', { name: 'Undo this import?' });
    await confirmation.waitFor();
    expect(await shownCounts(confirmation.locator('.undo-dry-run'))).toMatchObject({
      deleted: 2,
      restored: 0,
    });
    expect(await focused(page)).toMatchObject({ tag: 'h4' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Confirm: undo the import');
    await page.keyboard.press('Enter');

    // Assess: the result in the list's box, focused; its row marked undone; both contacts gone
    const result = undoRowOf(more).locator('.undo-result');
    await result.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await shownCounts(result)).toEqual({
      deleted: 2,
      restored: 0,
      kept: 0,
      changed_since: 0,
      email_taken: 0,
    });
    expect(await page.evaluate('document.activeElement?.classList.contains("undo-result")')).toBe(true);
    await rowOf(more).locator('.badge.undone').waitFor();
    const emails = Object.keys(await byEmail());
    expect(emails).not.toContain('m1@x.example');
    expect(emails).not.toContain('m2@x.example');
    expect(await revertOf(more)).toMatchObject({ status: 'completed', dryRun: false });
    expect(await seriousFindings(page)).toEqual([]);
  });

  it('follows an undo started elsewhere (409 revert_running from a stale list): its result shows its progress live', async () => {
    // Prepare: an import large enough that its undo takes many transactions, undone through the API
    const rows = Array.from({ length: 8000 }, (_, i) => `big${i}@x.example`);
    const started = await api.request('POST', '/imports?fileName=big.csv', `Email\n${rows.join('\n')}\n`, {
      'content-type': 'text/csv',
    });
    const { importId: big } = (await started.json()) as { importId: string };
    expect((await api.waitForImport(big, 120_000)).status).toBe('completed');
    await refreshImports();
    expect((await api.json('POST', `/imports/${big}/revert`, {})).status).toBe(202);

    // Act: the list drawn before, its Undo pressed (409 revert_running), the list again, the import's result
    await rowOf(big)
      .getByRole('button', { name: /^Undo the import of big\.csv/ })
      .click();
    const running = undoRowOf(big).locator('.message');
    await running.filter({ hasText: 'An undo of this import is running already.' }).waitFor();
    const refusal = await running.textContent();
    const listFigure = undoRowOf(big).locator('.undo-figure');
    await expect.poll(() => listFigure.textContent()).toMatch(/^Undoing: [\d,]+ of at most 8,000 contacts$/);
    await refreshImports();
    const mark = await rowOf(big).locator('.badge').last().textContent();
    await page.goto(`${session.stack.apiUrl}/#/imports/${big}`);
    await page.locator('#result-import-id', { hasText: big }).waitFor();
    const figure = page.locator('#result-body .undo-figure');
    await figure.waitFor();
    await page.evaluate(`(() => {
      const figure = document.querySelector('#result-body .undo-figure');
      window.__figures = [figure.textContent];
      new MutationObserver(() => window.__figures.push(figure.textContent)).observe(figure, {
        subtree: true, childList: true, characterData: true,
      });
    })()`);
    const result = page.locator('#result-body .undo-result');
    await result.waitFor({ state: 'visible', timeout: 120_000 });

    // Assess: the refusal said and the running undo followed; "being undone" in the list; in the result the
    // figure moved on while it ran, then the result
    expect(refusal).toBe('An undo of this import is running already. Its progress shows here.');
    expect(mark).toMatch(/^Being undone: [\d,]+ contacts? so far$/);
    const figures = (await page.evaluate('window.__figures')) as string[];
    const undoing = figures.flatMap(
      (f) => /^Undoing: ([\d,]+) of at most 8,000 contacts$/.exec(f)?.[1] ?? [],
    );
    const done = undoing.map((n) => Number(n.replace(/,/g, '')));
    expect(new Set(done).size, figures.join(' | ')).toBeGreaterThanOrEqual(2);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(figures.at(-1)).toBe('Undone: 8,000 contacts looked at');
    expect(await shownCounts(result)).toMatchObject({ deleted: 8000, restored: 0, kept: 0 });
    expect(Object.keys(await byEmail()).filter((e) => e.startsWith('big'))).toEqual([]);
  }, 240_000);

  it('says so when the import was undone meanwhile (409 already_reverted), rather than nothing', async () => {
    // Prepare: the list drawn, then the import undone elsewhere (the API)
    const stale = String((await importThroughApi(api, 'stale.csv', 'Email\nstale@x.example\n')).id);
    await refreshImports();
    expect((await api.json('POST', `/imports/${stale}/revert`, {})).status).toBe(202);
    await expect.poll(async () => (await revertOf(stale))?.status, { timeout: 60_000 }).toBe('completed');

    // Act
    await rowOf(stale)
      .getByRole('button', { name: /^Undo the import of stale\.csv/ })
      .click();

    // Assess
    const message = undoRowOf(stale).locator('.message[data-kind="error"]');
    await message.waitFor();
    expect(await message.textContent()).toBe('This import has been undone already.');
    expect(await page.evaluate('document.activeElement?.classList.contains("message")')).toBe(true);
    await rowOf(stale).locator('.badge.undone').waitFor();
    expect(await rowOf(stale).getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  it('says an undo failed, with its reason, offers it again, and the second one undoes the import', async () => {
    // Prepare: an import of three new contacts, its result open, the undo's dry run shown
    const imported = await importThroughApi(
      api,
      'broken.csv',
      'Email\nb1@x.example\nb2@x.example\nb3@x.example\n',
    );
    const id = String(imported.id);
    await page.goto(`${session.stack.apiUrl}/#/imports/${id}`);
    await page.locator('#result-import-id', { hasText: id }).waitFor();
    const body = page.locator('#result-body');
    await body.getByRole('button', { name: 'Undo this import' }).click();
    await body.getByRole('button', { name: 'Confirm: undo the import' }).waitFor();
    // The import's journal made unreadable after the dry run read it: every attempt of the undo meets it.
    const prefix = journalPrefix(session.workspace, id);
    const listed = await session.stack.s3.send(
      new ListObjectsV2Command({ Bucket: session.stack.bucket, Prefix: prefix }),
    );
    const journal = (listed.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
    expect(journal.length).toBeGreaterThan(0);
    const kept = await Promise.all(
      journal.map(async (Key) => {
        const object = await session.stack.s3.send(
          new GetObjectCommand({ Bucket: session.stack.bucket, Key }),
        );
        return { Key, Body: await object.Body?.transformToString() };
      }),
    );
    for (const Key of journal)
      await session.stack.s3.send(new PutObjectCommand({ Bucket: session.stack.bucket, Key, Body: '[1,' }));

    // Act
    await body.getByRole('button', { name: 'Confirm: undo the import' }).click();

    // Assess: the failure in words with the server's reason, Undo offered again, the contacts untouched
    const result = body.locator('.undo-result');
    await result.filter({ hasText: 'The undo failed.' }).waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(
      /^The undo failed\. An unexpected error stopped the revert 3 times at the same point \(0 contacts undone\), so it ended there\..*Start it again to finish it\.$/,
    );
    expect((await revertOf(id))?.status).toBe('failed');
    const again = body.getByRole('button', { name: 'Undo this import' });
    expect(await again.isVisible()).toBe(true);
    expect(Object.keys(await byEmail()).filter((e) => /^b\d@x\.example$/.test(e))).toHaveLength(3);
    expect(await seriousFindings(page)).toEqual([]);

    // Act: the journal mended, the undo started again from the page
    for (const object of kept)
      await session.stack.s3.send(new PutObjectCommand({ Bucket: session.stack.bucket, ...object }));
    await again.click();
    await body.getByRole('button', { name: 'Confirm: undo the import' }).click();

    // Assess: this time it completes, and the three contacts are gone
    await expect.poll(async () => (await revertOf(id))?.status, { timeout: 60_000 }).toBe('completed');
    await result.filter({ hasText: /Undone|undone/ }).waitFor();
    expect(await shownCounts(result)).toMatchObject({ deleted: 3, restored: 0, kept: 0 });
    expect(Object.keys(await byEmail()).filter((e) => /^b\d@x\.example$/.test(e))).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});

describe.skipIf(!hasChromium)('undo past the revert window, in Chromium', () => {
  let late: PageSession;

  beforeAll(async () => {
    // A window of 0 days: every import has ended before it, as one of 31 days ago would have.
    late = await openPageSession({ signedIn: true, stack: { revertWindowDays: 0 } });
  }, 180_000);

  afterAll(async () => {
    await late?.close();
  });

  it('says the time to undo it has passed (409 revert_window_passed) and offers it no more', async () => {
    // Prepare
    const id = String((await importThroughApi(late.api, 'old.csv', 'Email\nold@x.example\n')).id);
    await late.page.goto(`${late.stack.apiUrl}/#/imports/${id}`);
    await late.page.locator('#result-import-id', { hasText: id }).waitFor();

    // Act
    await late.page.locator('#result-body').getByRole('button', { name: 'Undo this import' }).click();

    // Assess: the refusal in words with the server's reason, focused; no Undo; the contact still there
    const message = late.page.locator('#result-body .undo .message[data-kind="error"]');
    await message.waitFor();
    expect(await message.textContent()).toMatch(
      /^This import can no longer be undone: the time to undo it has passed\. \(an import can be undone within 0 days of its end; this one ended .+\)$/,
    );
    expect(await late.page.evaluate('document.activeElement?.classList.contains("message")')).toBe(true);
    expect(
      await late.page.locator('#result-body').getByRole('button', { name: 'Undo this import' }).isHidden(),
    ).toBe(true);
    const { body } = await late.api.json<{ contacts: Array<{ email: string }> }>('GET', '/contacts');
    expect(body.contacts.map((c) => c.email)).toEqual(['old@x.example']);
    expect(await seriousFindings(late.page)).toEqual([]);
    expect(late.pageErrors).toEqual([]);
  });
});
