// SPEC §11 on the local stack: named profiles on every way in, and the settings remembered per header row.

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

let stack: LocalStack;
let apiUrl: string;
let n = 0;

interface Summary {
  id: string;
  status: string;
  source: string;
  options: Record<string, unknown>;
  counts: Record<string, number>;
  columns: Array<{ header: string; field: string | null }>;
  warnings: Array<{ code: string; message: string }>;
  finishedAt?: string;
}

const newWorkspace = async (): Promise<{ workspace: string; api: ApiClient }> => {
  const workspace = `saved-${++n}`;
  const { apiKey } = await createApiKey(stack.apiKeys, workspace);
  return { workspace, api: createApiClient(apiUrl, apiKey) };
};

/** Imports `csv` as a CSV body, its options in the query; the finished summary. */
const importCsv = async (api: ApiClient, csv: string, query: Record<string, string> = {}) => {
  const params = new URLSearchParams({ fileName: 'contacts.csv', ...query });
  const response = await api.request('POST', `/imports?${params}`, csv, { 'content-type': 'text/csv' });
  expect(response.status).toBe(202);
  const { importId } = (await response.json()) as { importId: string };
  return (await api.waitForImport(importId)) as unknown as Summary;
};

const preview = async (api: ApiClient, csv: string, query: Record<string, string> = {}) => {
  const response = await api.request('POST', `/imports/preview?${new URLSearchParams(query)}`, csv, {
    'content-type': 'text/csv',
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

const contactOf = async (api: ApiClient, email: string) => {
  const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
    'GET',
    `/contacts?email=${encodeURIComponent(email)}`,
  );
  return body.contacts[0];
};

/** Drops a file into the bucket as another system would, and waits for its import. */
const drop = async (workspace: string, path: string, body: string, metadata: Record<string, string> = {}) => {
  await stack.s3.send(
    new PutObjectCommand({
      Bucket: stack.bucket,
      Key: `drops/${workspace}/${path}`,
      Body: body,
      Metadata: metadata,
    }),
  );
  await stack.idle();
};

const dropSummaries = async (api: ApiClient) => {
  const { body } = await api.json<{ imports: Summary[] }>('GET', '/imports');
  return body.imports.filter((summary) => summary.source === 'drop');
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  apiUrl = stack.apiUrl ?? '';
});

afterAll(async () => {
  await stack?.stop();
});

/** A header none of whose columns maps by itself: only a mapping finds it. */
const ODD_CSV = 'Addr;Who;Ref\nann@x.com;Ann Lee;A-1\n';
const NIGHTLY = {
  mode: 'create-only',
  delimiter: ';',
  mapping: { Addr: 'email', Who: 'full_name', Ref: 'ignore' },
};

describe('named import profiles (SPEC §11)', () => {
  it('lists none at first, keeps what PUT sets (normalised), replaces it whole, and deletes it', async () => {
    // Prepare
    const { api } = await newWorkspace();
    expect(await api.json('GET', '/import-profiles')).toEqual({ status: 200, body: { profiles: [] } });
    // Act
    const put = await api.json('PUT', '/import-profiles/nightly', NIGHTLY);
    const replaced = await api.json('PUT', '/import-profiles/weekly', { defaultCountry: 'gb' });
    const listed = await api.json<{ profiles: Array<Record<string, unknown>> }>('GET', '/import-profiles');
    const again = await api.json('PUT', '/import-profiles/weekly', { mode: 'update_only' });
    const deleted = await api.request('DELETE', '/import-profiles/nightly');
    const deletedAgain = await api.json('DELETE', '/import-profiles/nightly');
    // Assess
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'nightly', options: { ...NIGHTLY, mode: 'create_only' } });
    expect(replaced.body).toMatchObject({ name: 'weekly', options: { defaultCountry: 'GB' } });
    expect(listed.body.profiles.map((profile) => profile.name)).toEqual(['nightly', 'weekly']);
    expect(again.body).toMatchObject({ options: { mode: 'update_only' } });
    expect(again.body).not.toHaveProperty('options.defaultCountry');
    expect(deleted.status).toBe(204);
    expect(deletedAgain).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await api.json<{ profiles: unknown[] }>('GET', '/import-profiles')).body.profiles).toHaveLength(
      1,
    );
  });

  it('validates a profile by the import option schema: a bad value, an option a profile does not hold, a bad name', async () => {
    const { api } = await newWorkspace();
    const badMode = await api.json('PUT', '/import-profiles/p1', { mode: 'merge' });
    const dryRun = await api.json('PUT', '/import-profiles/p1', { dryRun: true });
    const badName = await api.json('PUT', '/import-profiles/has%20space', { mode: 'upsert' });
    const unknownField = await api.json('PUT', '/import-profiles/p1', { mapping: { Size: 'shoe_size' } });
    expect(badMode).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(JSON.stringify(badMode.body)).toMatch(/mode takes upsert, create-only or update-only/);
    expect(dryRun.status).toBe(400);
    expect(JSON.stringify(dryRun.body)).toMatch(/dryRun is not an option a profile holds/);
    expect(badName.status).toBe(400);
    expect(JSON.stringify(badName.body)).toMatch(/a profile name is 1 to 64 letters/);
    expect(unknownField).toMatchObject({ status: 400, body: { error: { code: 'unknown_field' } } });
    expect((await api.json<{ profiles: unknown[] }>('GET', '/import-profiles')).body.profiles).toEqual([]);
  });

  it('applies a profile named in the query and in the JSON of a presigned upload; explicit options win over it', async () => {
    // Prepare
    const { api } = await newWorkspace();
    await api.json('PUT', '/import-profiles/nightly', NIGHTLY);
    // Act
    const byQuery = await importCsv(api, ODD_CSV, { profile: 'nightly' });
    const created = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', { fileName: 'b.csv', profile: 'nightly', mode: 'upsert' });
    await api.upload(created.body.upload, 'Addr;Who;Ref\nann@x.com;Ann Marie Lee;A-1\n');
    const byJson = (await api.waitForImport(created.body.importId)) as unknown as Summary;
    // Assess
    expect(byQuery).toMatchObject({
      status: 'completed',
      counts: { created: 1 },
      options: { mode: 'create_only' },
    });
    expect(byQuery.columns).toEqual([
      { header: 'Addr', field: 'email' },
      { header: 'Who', field: 'full_name' },
      { header: 'Ref', field: null },
    ]);
    expect(byJson).toMatchObject({
      status: 'completed',
      counts: { updated: 1 },
      options: { mode: 'upsert' },
    });
    expect(await contactOf(api, 'ann@x.com')).toMatchObject({ fullName: 'Ann Marie Lee' });
  });

  it('answers 400 unknown_profile to an import or a preview naming a profile the workspace does not have', async () => {
    const { api } = await newWorkspace();
    const json = await api.json('POST', '/imports', { fileName: 'x.csv', profile: 'nope' });
    const body = await api.request('POST', '/imports?profile=nope', ODD_CSV, { 'content-type': 'text/csv' });
    const previewed = await preview(api, ODD_CSV, { profile: 'nope' });
    expect(json).toMatchObject({ status: 400, body: { error: { code: 'unknown_profile' } } });
    expect((json.body as { error: { message: string } }).error.message).toMatch(/no import profile "nope"/);
    expect(body.status).toBe(400);
    expect(previewed).toMatchObject({ status: 400, body: { error: { code: 'unknown_profile' } } });
    expect((await api.json<{ imports: unknown[] }>('GET', '/imports')).body.imports).toEqual([]);
  });

  it('gives a drop the profile its metadata names, and the profile of its folder drops/<ws>/<name>/', async () => {
    // Prepare
    const { workspace, api } = await newWorkspace();
    await api.json('PUT', '/import-profiles/nightly', NIGHTLY);
    // Act
    await drop(workspace, 'crm/export.csv', ODD_CSV, { profile: 'nightly' });
    await drop(workspace, 'nightly/2026-12-01/export.csv', 'Addr;Who;Ref\nbob@x.com;Bob Roe;B-2\n');
    // Assess
    const summaries = await dropSummaries(api);
    expect(summaries).toHaveLength(2);
    for (const summary of summaries) {
      expect(summary).toMatchObject({ status: 'completed', counts: { created: 1, errored: 0 } });
      expect(summary.options).toMatchObject({ mode: 'create_only' });
      expect(summary.warnings.map((w) => w.code)).not.toContain('unknown_profile');
    }
    expect(await contactOf(api, 'ann@x.com')).toMatchObject({ fullName: 'Ann Lee' });
    expect(await contactOf(api, 'bob@x.com')).toMatchObject({ fullName: 'Bob Roe' });
  });

  it('imports a drop naming an unknown profile without it, with warning unknown_profile; a folder that names none is only a folder', async () => {
    const { workspace, api } = await newWorkspace();
    await drop(workspace, 'in/a.csv', 'Email,Name\ncat@x.com,Cat\n', { profile: 'nope', 'dry-run': 'true' });
    await drop(workspace, 'archive/b.csv', 'Email,Name\ndan@x.com,Dan\n');
    const summaries = await dropSummaries(api);
    const named = summaries.find((s) => s.options.dryRun === true);
    const folder = summaries.find((s) => s.options.dryRun === false);
    expect(named).toMatchObject({ status: 'completed', counts: { created: 1 } });
    expect(named?.warnings[0]).toMatchObject({ code: 'unknown_profile' });
    expect(named?.warnings[0]?.message).toMatch(/no import profile "nope".*imported without it/);
    expect(folder).toMatchObject({ status: 'completed', counts: { created: 1 } });
    expect(folder?.warnings.map((w) => w.code)).toEqual([]);
  });
});

const WEEKLY = 'E-mail,Full Name,Title\nann@x.com,Ann Lee,CEO\n';

describe('settings remembered per header row (SPEC §11)', () => {
  it('gives the next file with the same header the mapping of the last completed import, with a warning naming it', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const first = await importCsv(api, WEEKLY, { mapping: JSON.stringify({ Title: 'ignore' }) });
    // Act: the same header, spelt with other case and spaces
    const second = await importCsv(api, 'e-mail , FULL NAME,title\nbob@x.com,Bob Roe,CTO\n');
    // Assess
    expect(first.warnings.map((w) => w.code)).not.toContain('settings_from_previous_import');
    expect(second.columns).toContainEqual({ header: 'title', field: null });
    const warning = second.warnings.find((w) => w.code === 'settings_from_previous_import');
    expect(warning?.message).toContain(first.id);
    expect(warning?.message).toContain(first.finishedAt);
    expect(await contactOf(api, 'bob@x.com')).toMatchObject({ jobTitle: null });
  });

  it('lets an explicit mapping win over the remembered one, and gives a different header nothing', async () => {
    const { api } = await newWorkspace();
    await importCsv(api, WEEKLY, { mapping: JSON.stringify({ Title: 'ignore' }) });
    const explicit = await importCsv(api, 'E-mail,Full Name,Title\ncat@x.com,Cat,CFO\n', {
      mapping: JSON.stringify({ Title: 'job_title' }),
    });
    const other = await importCsv(api, 'E-mail,Full Name,Title,City\ndan@x.com,Dan,COO,Oslo\n');
    expect(explicit.warnings.map((w) => w.code)).not.toContain('settings_from_previous_import');
    expect(explicit.columns).toContainEqual({ header: 'Title', field: 'job_title' });
    expect(other.warnings.map((w) => w.code)).not.toContain('settings_from_previous_import');
    expect(other.columns).toContainEqual({ header: 'Title', field: 'job_title' });
    expect(await contactOf(api, 'dan@x.com')).toMatchObject({ jobTitle: 'COO' });
  });

  it('finds a header that only its remembered mapping maps', async () => {
    const { api } = await newWorkspace();
    const first = await importCsv(api, ODD_CSV, { mapping: JSON.stringify(NIGHTLY.mapping) });
    const second = await importCsv(api, 'Addr;Who;Ref\neve@x.com;Eve Poe;E-5\n');
    expect(second).toMatchObject({ status: 'completed', counts: { created: 1 } });
    expect(second.warnings[0]?.message).toContain(first.id);
    expect(await contactOf(api, 'eve@x.com')).toMatchObject({ fullName: 'Eve Poe' });
  });

  it('remembers nothing of a dry run, nor of a failed import; the last completed real import is the one remembered', async () => {
    const { api } = await newWorkspace();
    const real = await importCsv(api, WEEKLY, { mapping: JSON.stringify({ Title: 'ignore' }) });
    await importCsv(api, WEEKLY, { mapping: JSON.stringify({ 'Full Name': 'ignore' }), dryRun: 'true' });
    const next = await importCsv(api, WEEKLY);
    expect(next.warnings.find((w) => w.code === 'settings_from_previous_import')?.message).toContain(real.id);
    expect(next.columns).toContainEqual({ header: 'Title', field: null });
    expect(next.columns).toContainEqual({ header: 'Full Name', field: 'full_name' });
    // `next` completed with the remembered mapping: it is the last one now.
    const after = await importCsv(api, WEEKLY);
    expect(after.warnings.find((w) => w.code === 'settings_from_previous_import')?.message).toContain(
      next.id,
    );
  });

  it('shows the remembered settings in the preview, and leaves them out with ignoreRemembered, as the import then does', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const first = await importCsv(api, WEEKLY, { mapping: JSON.stringify({ Title: 'ignore' }) });
    // Act
    const remembered = await preview(api, WEEKLY);
    const dropped = await preview(api, WEEKLY, { ignoreRemembered: 'true' });
    const imported = await importCsv(api, 'E-mail,Full Name,Title\nfay@x.com,Fay,CMO\n', {
      ignoreRemembered: 'true',
    });
    // Assess
    expect(remembered.status).toBe(200);
    expect(remembered.body.remembered).toEqual({
      importId: first.id,
      finishedAt: first.finishedAt,
      options: { mapping: { Title: 'ignore' } },
    });
    expect(remembered.body.columns).toContainEqual({ header: 'Title', field: null });
    expect(dropped.body).not.toHaveProperty('remembered');
    expect(dropped.body.columns).toContainEqual({ header: 'Title', field: 'job_title' });
    expect(imported.warnings.map((w) => w.code)).not.toContain('settings_from_previous_import');
    expect(await contactOf(api, 'fay@x.com')).toMatchObject({ jobTitle: 'CMO' });
  });

  it('remembers the update rules with the mapping, per column policy included; an explicit rule wins', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const csv = 'E-mail,Title,Tags\nann@x.com,CEO,a\n';
    const mapping = { Title: { field: 'job_title', overwrite: 'if_empty' } };
    const first = await importCsv(api, csv, { mapping: JSON.stringify(mapping), tagMode: 'replace' });
    // Act
    const second = await importCsv(api, 'E-mail,Title,Tags\nann@x.com,CTO,b\n');
    const third = await importCsv(api, 'E-mail,Title,Tags\nann@x.com,CFO,c\n', { tagMode: 'append' });
    // Assess
    expect(second.options).toMatchObject({ tagMode: 'replace', overwrite: 'always' });
    const warning = second.warnings.find((w) => w.code === 'settings_from_previous_import');
    expect(warning?.message).toMatch(new RegExp(`^The mapping, tagMode of import ${first.id}`));
    expect(third.options).toMatchObject({ tagMode: 'append' });
    expect(third.warnings.find((w) => w.code === 'settings_from_previous_import')?.message).toMatch(
      new RegExp(`^The mapping of import ${second.id}`),
    );
    // Title kept (if_empty) through both; tags replaced by the second, then appended by the third.
    expect(await contactOf(api, 'ann@x.com')).toMatchObject({ jobTitle: 'CEO', tags: ['b', 'c'] });
  });

  it('puts a profile above the remembered settings', async () => {
    const { api } = await newWorkspace();
    await importCsv(api, WEEKLY, { mapping: JSON.stringify({ Title: 'ignore' }) });
    await api.json('PUT', '/import-profiles/titles', { mapping: { Title: 'job_title' } });
    const summary = await importCsv(api, 'E-mail,Full Name,Title\ngus@x.com,Gus,CIO\n', {
      profile: 'titles',
    });
    expect(summary.warnings.map((w) => w.code)).not.toContain('settings_from_previous_import');
    expect(await contactOf(api, 'gus@x.com')).toMatchObject({ jobTitle: 'CIO' });
  });
});
