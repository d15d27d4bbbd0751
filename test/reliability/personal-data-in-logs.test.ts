// No personal data in logs: every line written while the local stack (not quiet: handler logs and EMF metrics
// on) runs imports with errors, drops, previews and queries holds no email, phone or name from the files.

import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

const workspace = `logs-${randomUUID().slice(0, 6)}`;
const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

/** What the files hold that identifies a person, as written and as stored (lower-cased email, E.164 phone). */
const PERSONAL = {
  emails: ['Zebulon.Quist@Example.org', 'quintessa.marlowe@example.net', 'ambrose@ghost-mail.example'],
  phones: [
    '(415) 555-0123',
    '415.555.0124',
    '+44 20 7946 0018',
    '+14155550123',
    '+14155550124',
    '+442079460018',
  ],
  names: ['Zebulon', 'Quist', 'Quintessa', 'Marlowe', 'Ambrose', 'Thaddeus', 'Wilhelmina', 'Ottoline'],
  companies: ['Quistworks Ltd'],
};

const FILE = [
  'Email,Phone,First Name,Last Name,Company,Score,Notes',
  `${PERSONAL.emails[0]},${PERSONAL.phones[0]},Zebulon,Quist,Quistworks Ltd,12,`,
  `${PERSONAL.emails[1]},${PERSONAL.phones[1]},Quintessa,Marlowe,,not-a-number,`,
  `${PERSONAL.emails[2]},${PERSONAL.phones[2]},Ambrose,,,,`,
  // Errors: an invalid email and phone, an ambiguous phone, a name over its limit, extra cells, a stray quote.
  'thaddeus@@example.org,,Thaddeus,,,,',
  'wilhelmina@example.org,555-01,Wilhelmina,,,,',
  `,${PERSONAL.phones[0]},Ottoline,,,,`,
  `ottoline@example.org,,${'Ottoline'.repeat(40)},,,,`,
  'extra@example.org,,Ottoline,,,,,surplus',
  'stray@example.org,,"Ottoline,,,,',
  'ZEBULON.QUIST@EXAMPLE.ORG,,Zebulon,,,,',
].join('\n');

let stack: LocalStack;
let api: ApiClient;
let captured = '';
let lines = 0;
const restores: Array<() => void> = [];

/** Captures (and keeps out of the test output) every write to stdout and stderr and every console call. */
const capture = () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write;
    restores.push(() => {
      stream.write = write;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      captured += `${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`;
    };
    restores.push(() => {
      console[method] = original;
    });
  }
};

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  capture();
  stack = await startLocalStack({ port: 0 });
  api = createApiClient(stack.apiUrl ?? '', (await createApiKey(stack.apiKeys, workspace)).apiKey);
});

afterAll(async () => {
  await stack?.stop();
  for (const restore of restores.reverse()) restore();
  console.log(`personal data in logs: ${lines} log lines captured, none with personal data`);
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
});

describe('the logs of a full import with errors', () => {
  it('hold ids and counts, and no email, phone or name from the files', { timeout: 60_000 }, async () => {
    // Act: everything a user and a system can do with personal data in it.
    expect(
      (await api.json('POST', '/custom-fields', { key: 'score', label: 'Score', type: 'number' })).status,
    ).toBe(201);
    const posted = await api.request(
      'POST',
      `/imports?fileName=${encodeURIComponent('Zebulon Quist.csv')}`,
      FILE,
      {
        'content-type': 'text/csv',
      },
    );
    const { importId } = (await posted.json()) as { importId: string };
    const summary = await api.waitForImport(importId);
    expect(summary).toMatchObject({ status: 'completed', counts: { created: 2 } });
    expect((summary.counts as { errored: number }).errored).toBeGreaterThanOrEqual(5);

    const presigned = await api.json<{
      importId: string;
      upload: { url: string; fields: Record<string, string> };
    }>('POST', '/imports', { fileName: `${PERSONAL.emails[1]}.csv`, mode: 'update-only' });
    await api.upload(presigned.body.upload, FILE, `${PERSONAL.names[0]}.csv`);
    await api.waitForImport(presigned.body.importId);

    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `drops/${workspace}/Quintessa Marlowe/export.csv`,
        Body: FILE,
        // Metadata a system got wrong, holding personal data: the warning must not repeat it.
        Metadata: { mode: PERSONAL.emails[2] ?? '', 'default-country': 'Wilhelmina' },
      }),
    );
    await stack.idle();

    await api.request('POST', '/imports/preview', FILE, { 'content-type': 'text/csv' });
    await api.request('GET', `/imports/${importId}/errors`);
    await api.request('GET', `/contacts?email=${encodeURIComponent(PERSONAL.emails[0] ?? '')}`);
    await api.request('GET', `/contacts?phone=${encodeURIComponent(PERSONAL.phones[0] ?? '')}`);
    await api.request('GET', `/contacts?email=${encodeURIComponent('Ambrose@@nowhere')}`);
    await api.request('POST', '/imports', `{"fileName": "${PERSONAL.names[1]}.csv",`, {
      'content-type': 'application/json',
    });
    await api.request('POST', '/imports?mapping=%7B%22Zebulon%22%3A%22shoe%22%7D', FILE, {
      'content-type': 'text/csv',
    });
    await stack.idle();

    // Assess: logs were written (the capture works) and they say what happened with ids and counts.
    expect(captured).toContain(importId);
    expect(captured).toContain('import finished');
    expect(captured).toContain('drop metadata ignored');
    expect(captured).toMatch(/"RowsCreated"/);
    const text = captured.toLowerCase();
    const leaks = [...PERSONAL.emails, ...PERSONAL.phones, ...PERSONAL.names, ...PERSONAL.companies].filter(
      (value) => text.includes(value.toLowerCase()),
    );
    expect(leaks).toEqual([]);
    // Phone digits in any format, and the local parts of the emails, are absent too.
    const digitsByLine = text.split('\n').map((line) => line.replace(/\D/g, ''));
    for (const digits of ['4155550123', '4155550124', '2079460018']) {
      expect(digitsByLine.filter((line) => line.includes(digits))).toEqual([]);
    }
    for (const email of PERSONAL.emails)
      expect(text).not.toContain((email.split('@')[0] ?? '').toLowerCase());
    lines = captured.split('\n').filter(Boolean).length;
  });
});
