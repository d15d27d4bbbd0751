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
