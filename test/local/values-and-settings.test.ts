import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

let stack: LocalStack;
let apiUrl: string;
let n = 0;

/** A workspace of its own, with a date and a number field, and a client of the API for it. */
const newWorkspace = async (): Promise<{ workspace: string; api: ApiClient }> => {
  const workspace = `values-${++n}`;
  const { apiKey } = await createApiKey(stack.apiKeys, workspace);
  const api = createApiClient(apiUrl, apiKey);
  for (const field of [
    { key: 'joined', label: 'Joined', type: 'date' },
    { key: 'revenue', label: 'Revenue', type: 'number' },
  ]) {
    expect((await api.json('POST', '/custom-fields', field)).status).toBe(201);
  }
  return { workspace, api };
};

const contactOf = async (api: ApiClient, email: string) => {
  const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
    'GET',
    `/contacts?email=${encodeURIComponent(email)}`,
  );
  return body.contacts[0];
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  apiUrl = stack.apiUrl ?? '';
});

afterAll(async () => {
  await stack?.stop();
});

const GERMAN_CSV = 'Email;joined;revenue\nann@x.com;15.03.2024;1.234,56\n';

describe('dateFormat and decimalSeparator on every way in', () => {
  it('takes them from the JSON of a presigned upload', async () => {
    // Prepare
    const { api } = await newWorkspace();
    const created = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', { fileName: 'de.csv', dateFormat: 'DMY', decimalSeparator: ',' });
    expect(created.status).toBe(201);
    // Act
    await api.upload(created.body.upload, GERMAN_CSV);
    const summary = await api.waitForImport(created.body.importId);
    // Assess
    expect(summary).toMatchObject({
      counts: { created: 1, errored: 0 },
      options: { dateFormat: 'DMY', decimalSeparator: ',' },
    });
    expect(await contactOf(api, 'ann@x.com')).toMatchObject({
      customFields: { joined: '2024-03-15', revenue: 1234.56 },
    });
  });

  it('takes them from the query of a CSV posted as the body', async () => {
    const { api } = await newWorkspace();
    const response = await api.request(
      'POST',
      '/imports?fileName=de.csv&dateFormat=dmy&decimalSeparator=%2C',
      GERMAN_CSV,
      { 'content-type': 'text/csv' },
    );
    expect(response.status).toBe(202);
    const { importId } = (await response.json()) as { importId: string };
    const summary = await api.waitForImport(importId);
    expect(summary).toMatchObject({
      counts: { created: 1 },
      options: { dateFormat: 'DMY', decimalSeparator: ',' },
    });
  });

  it('takes them from a drop’s metadata', async () => {
    const { workspace, api } = await newWorkspace();
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `drops/${workspace}/de.csv`,
        Body: GERMAN_CSV,
        Metadata: { 'date-format': 'DMY', 'decimal-separator': ',' },
      }),
    );
    await stack.idle();
    expect(await contactOf(api, 'ann@x.com')).toMatchObject({
      customFields: { joined: '2024-03-15', revenue: 1234.56 },
    });
  });

  it('refuses a date format it does not know, naming the option', async () => {
    const { api } = await newWorkspace();
    const refused = await api.json<{ error: { message: string } }>('POST', '/imports', {
      fileName: 'x.csv',
      dateFormat: 'YDM',
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/dateFormat takes YMD, MDY or DMY/);
  });
});

describe('workspace settings (SPEC §3)', () => {
  it('has none at first, keeps what PUT /settings sets, and applies it to imports whose options say nothing', async () => {
    // Prepare
    const { api } = await newWorkspace();
    expect(await api.json('GET', '/settings')).toEqual({ status: 200, body: {} });
    // Act
    const put = await api.json('PUT', '/settings', {
      defaultCountry: 'se',
      dateFormat: 'DMY',
      decimalSeparator: ',',
    });
    const response = await api.request(
      'POST',
      '/imports?fileName=se.csv',
      'Email;Phone;joined;revenue\nann@x.com;08-123 456 78;15.03.2024;1 234,5\n',
      { 'content-type': 'text/csv' },
    );
    const { importId } = (await response.json()) as { importId: string };
    const summary = await api.waitForImport(importId);
    // Assess
    expect(put).toEqual({
      status: 200,
      body: { defaultCountry: 'SE', dateFormat: 'DMY', decimalSeparator: ',' },
    });
    expect((await api.json('GET', '/settings')).body).toEqual({
      defaultCountry: 'SE',
      dateFormat: 'DMY',
      decimalSeparator: ',',
    });
    expect(summary).toMatchObject({
      counts: { created: 1, errored: 0 },
      options: { defaultCountry: 'SE', dateFormat: 'DMY', decimalSeparator: ',' },
    });
    expect(await contactOf(api, 'ann@x.com')).toMatchObject({
      phone: '+46812345678',
      customFields: { joined: '2024-03-15', revenue: 1234.5 },
    });
  });

  it('lets an import’s options win over the settings', async () => {
    const { api } = await newWorkspace();
    await api.json('PUT', '/settings', { defaultCountry: 'SE', dateFormat: 'DMY' });
    const created = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', { fileName: 'us.csv', defaultCountry: 'US', dateFormat: 'MDY' });
    await api.upload(created.body.upload, 'Email,Phone,joined\nbob@x.com,(415) 555-0100,03/15/2024\n');
    const summary = await api.waitForImport(created.body.importId);
    expect(summary).toMatchObject({
      counts: { created: 1 },
      options: { defaultCountry: 'US', dateFormat: 'MDY', decimalSeparator: '.' },
    });
    expect(await contactOf(api, 'bob@x.com')).toMatchObject({ phone: '+14155550100' });
  });

  it('refuses UK with a message naming GB, in settings and in options alike', async () => {
    const { api } = await newWorkspace();
    const setting = await api.json('PUT', '/settings', { defaultCountry: 'UK' });
    const option = await api.json('POST', '/imports', { fileName: 'x.csv', defaultCountry: 'uk' });
    expect(setting.status).toBe(400);
    expect(JSON.stringify(setting.body)).toMatch(
      /defaultCountry is not an ISO 3166 country code: use GB for UK/,
    );
    expect(option.status).toBe(400);
    expect(JSON.stringify(option.body)).toMatch(/use GB for UK/);
    expect((await api.json('GET', '/settings')).body).toEqual({});
  });

  it('refuses a setting it does not know, and clears one set to null', async () => {
    const { api } = await newWorkspace();
    expect((await api.json('PUT', '/settings', { timezone: 'UTC' })).status).toBe(400);
    await api.json('PUT', '/settings', { defaultCountry: 'DE', decimalSeparator: ',' });
    const cleared = await api.json('PUT', '/settings', { defaultCountry: 'DE', decimalSeparator: null });
    expect(cleared.body).toEqual({ defaultCountry: 'DE' });
    expect((await api.json('GET', '/settings')).body).toEqual({ defaultCountry: 'DE' });
  });
});
