// Hostile and broken input through the engine and through the HTTP API: each case ends in a clear failure code or
// row errors, within a time limit and a memory budget; formulas come back escaped.

import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { FILE_FAILURE_CODES } from '../../shared/errors.js';
import type { ImportSummary } from '../../shared/import/import-record.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import {
  type Expected,
  type HostileFile,
  hostileCorpus,
  INJECTION_CELLS,
  stuckImportTriggers,
  TEN_MB,
} from './support/hostile-corpus.js';

const FAILURE_CODES: readonly string[] = FILE_FAILURE_CODES;
/** Starts of a cell a spreadsheet would run as a formula, white space before them included. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;
const CASE_TIMEOUT_MS = 30_000;

const corpus = hostileCorpus();
const tally = { engine: 0, api: 0, requestsRefused: 0, requestsTried: 0 };
let h: Harness;
let stack: LocalStack;
let api: ApiClient;
let apiUrl: string;
const savedEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;

beforeAll(async () => {
  h = await createHarness();
  // The stack uses the test run's DynamoDB Local (its own table) and an S3 emulator of its own, for its events.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  stack = await startLocalStack({ port: 0, quiet: true });
  apiUrl = stack.apiUrl ?? '';
  const { apiKey } = await createApiKey(stack.apiKeys, 'hostile-api');
  api = createApiClient(apiUrl, apiKey);
});

afterAll(async () => {
  await stack?.stop();
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  else process.env.AWS_ENDPOINT_URL_DYNAMODB = savedEndpoint;
  console.log(
    `hostile input: ${tally.engine} files through the engine, ${tally.api} through the API; ${tally.requestsRefused} of ${tally.requestsTried} hostile requests refused with a 4xx`,
  );
});

const withDeadline = <T>(work: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} took over ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS),
    ),
  ]);

const assessSummary = (
  summary: Pick<ImportSummary, 'status' | 'failure' | 'counts' | 'errors'>,
  expected: Expected,
) => {
  if (expected.status === 'failed') {
    expect(summary).toMatchObject({ status: 'failed', failure: { code: expected.failure } });
    expect(summary.failure?.message.length).toBeGreaterThan(10);
    return;
  }
  expect(summary.status).toBe('completed');
  expect(summary.counts).toMatchObject(expected.counts);
  const { rows, created, updated, skipped, errored } = summary.counts;
  expect(created + updated + skipped + errored).toBe(rows);
  if (expected.errors) expect(summary.errors.map((e) => e.code)).toEqual(expected.errors);
};

const isUtf8 = (bytes: Buffer) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const heavy = (file: HostileFile) => file.bytes.length > 5 * 1024 * 1024;

describe('large hostile files through the engine, first, while the process is fresh', () => {
  it('streams a 30 MB file of three 10 MB cells within the memory of one', { timeout: 60_000 }, async () => {
    const cell = 'n'.repeat(TEN_MB);
    const bytes = Buffer.from(`Email,Notes\na@x.com,${cell}\nb@x.com,${cell}\nc@x.com,${cell}\n`);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    let summary: ImportSummary;
    try {
      ({ summary } = await h.importCsv(bytes, { workspaceId: 'hostile-30mb' }));
    } finally {
      clearInterval(sampler);
    }
    tally.engine++;
    expect(summary.counts).toMatchObject({ rows: 3, created: 3 });
    const growthMb = (peak - before) / 1024 / 1024;
    console.log(`memory: 30 MB file of three 10 MB cells grew the RSS by ${growthMb.toFixed(0)} MB`);
    expect(growthMb).toBeLessThan(250);
  });
  it.for(corpus.filter(heavy))(
    'ends "$name" with a clear outcome and bounded memory',
    { timeout: 60_000 },
    async (file) => {
      // Prepare: the resident set size is sampled while the import runs.
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 10);
      // Act
      let result: Awaited<ReturnType<Harness['importCsv']>>;
      try {
        result = await withDeadline(
          h.importCsv(file.bytes, { workspaceId: `hostile-${corpus.indexOf(file)}` }),
          file.name,
        );
      } finally {
        clearInterval(sampler);
      }
      // Assess: a 10 MB cell is held while its record is read, and little more.
      tally.engine++;
      assessSummary(result.summary, file.expected);
      const growthMb = (peak - before) / 1024 / 1024;
      console.log(
        `memory: "${file.name}" (${(file.bytes.length / 1e6).toFixed(1)} MB) grew the RSS by ${growthMb.toFixed(0)} MB`,
      );
      expect(growthMb).toBeLessThan(250);
    },
  );
});

describe('hostile files through the engine', () => {
  it.concurrent.for(corpus.filter((file) => !heavy(file)))(
    'ends "$name" with a clear outcome',
    { timeout: CASE_TIMEOUT_MS + 5_000 },
    async (file, { expect: local }) => {
      const result = await withDeadline(
        h.importCsv(file.bytes, { workspaceId: `hostile-${corpus.indexOf(file)}` }),
        file.name,
      );
      tally.engine++;
      local(result.summary.status).toMatch(/completed|failed/);
      assessSummary(result.summary, file.expected);
    },
  );
});

describe('hostile files through the HTTP API', () => {
  it.concurrent.for(corpus.filter((file) => !file.engineOnly))(
    'answers "$name" with 202 and ends it with a clear outcome',
    { timeout: CASE_TIMEOUT_MS + 5_000 },
    async (file, { expect }) => {
      // Each file in a workspace of its own, so that no case sees the contacts of another.
      const { apiKey } = await createApiKey(stack.apiKeys, `hostile-api-${corpus.indexOf(file)}`);
      const api = createApiClient(apiUrl, apiKey);
      const response = await api.request('POST', '/imports?fileName=hostile.csv', file.bytes, {
        'content-type': 'text/csv',
      });
      expect(response.status).toBe(202);
      const { importId } = (await response.json()) as { importId: string };
      const summary = (await withDeadline(
        api.waitForImport(importId, CASE_TIMEOUT_MS),
        file.name,
      )) as unknown as ImportSummary;
      tally.api++;
      if (isUtf8(file.bytes)) {
        assessSummary(summary, file.expected);
      } else {
        // The local API hands a text/csv body to the function as a UTF-8 string (as API Gateway does with text):
        // bytes that are not UTF-8 arrive replaced, so only the kind of outcome is compared.
        expect(summary.status === 'completed' || FAILURE_CODES.includes(summary.failure?.code ?? '')).toBe(
          true,
        );
      }
      const preview = await api.request('POST', '/imports/preview', file.bytes, {
        'content-type': 'text/csv',
      });
      expect(preview.status, 'the preview of the same file').toBeLessThan(500);
    },
  );
});

describe('formula payloads', () => {
  it('come back escaped in the error report, headers included, and the report imports again as it is', async () => {
    const file = corpus.find((f) => f.name.startsWith('formula payloads'));
    if (!file) throw new Error('the corpus lost its formula case');
    const { report, summary } = await h.importCsv(file.bytes, { workspaceId: 'formula' });
    expect(summary.counts.errored).toBe(INJECTION_CELLS.length + 1);
    const rows = parse(report.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][];
    const cells = rows.flat();
    expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    for (const payload of INJECTION_CELLS) expect(cells).toContain(`'${payload}`);
    expect(rows[0]?.[2]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    // An escaped cell that already started with an apostrophe keeps it (the importer takes one off).
    expect(cells).toContain("'=1+1");
    // Fixed and imported again, the escaped values read back as they were written.
    const fixed = report.replace(/bad(\d+)@/g, 'fixed$1@x.com').replace('bad-last@', 'fixed-last@x.com');
    const again = await h.importCsv(fixed, { workspaceId: 'formula-again' });
    expect(again.summary.counts).toMatchObject({ created: INJECTION_CELLS.length + 1, errored: 0 });
    const names = (await h.contacts('formula-again')).map((c) => c.firstName ?? '').sort();
    expect(names).toEqual([...INJECTION_CELLS.map((cell) => cell.trim()), '=1+1'].sort());
  });

  it('cannot reach the template: custom field keys refuse them, and labels are not in it', async () => {
    const refused = await api.json('POST', '/custom-fields', { key: '=cmd', label: 'x', type: 'text' });
    expect(refused.status).toBe(400);
    const accepted = await api.json('POST', '/custom-fields', {
      key: 'notes',
      label: "=cmd|' /C calc'!A0",
      type: 'text',
    });
    expect(accepted.status).toBe(201);
    const template = await (await api.request('GET', '/template')).text();
    const cells = (parse(template.replace(/^\ufeff/, '')) as string[][]).flat();
    expect(cells).toContain('notes');
    expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    expect(template).not.toContain('calc');
  });
});

describe('hostile requests', () => {
  const jsonBody = (value: unknown) => JSON.stringify(value);
  const cases: Array<{
    name: string;
    method: string;
    path: string;
    body?: string | Buffer;
    type?: string;
    status: number;
  }> = [
    {
      name: 'a CSV body over 10 MiB',
      method: 'POST',
      path: '/imports',
      body: Buffer.alloc(11 * 1024 * 1024, 0x61),
      type: 'text/csv',
      status: 413,
    },
    {
      name: 'a JSON body over 1 MiB',
      method: 'POST',
      path: '/imports',
      body: jsonBody({ fileName: 'a'.repeat(1100 * 1024) }),
      type: 'application/json',
      status: 413,
    },
    {
      name: 'a body that is not JSON',
      method: 'POST',
      path: '/imports',
      body: '{"fileName": "a.csv",',
      type: 'application/json',
      status: 400,
    },
    {
      name: 'JSON that is not an object',
      method: 'POST',
      path: '/imports',
      body: '[1,2,3]',
      type: 'application/json',
      status: 400,
    },
    {
      name: 'JSON null',
      method: 'POST',
      path: '/imports',
      body: 'null',
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a text/plain body',
      method: 'POST',
      path: '/imports',
      body: 'Email\na@x.com\n',
      type: 'text/plain',
      status: 415,
    },
    {
      name: 'a multipart body',
      method: 'POST',
      path: '/imports',
      body: '--x\r\n\r\n--x--',
      type: 'multipart/form-data; boundary=x',
      status: 415,
    },
    { name: 'no content type', method: 'POST', path: '/imports', body: 'Email\na@x.com\n', status: 415 },
    { name: 'an empty CSV body', method: 'POST', path: '/imports', body: '', type: 'text/csv', status: 400 },
    {
      name: 'a mapping of 600 entries',
      method: 'POST',
      path: '/imports',
      body: jsonBody({
        fileName: 'a.csv',
        mapping: Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`h${i}`, 'ignore'])),
      }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a mapping of 500 long headers (about 512 KB)',
      method: 'POST',
      path: '/imports',
      body: jsonBody({
        fileName: 'a.csv',
        mapping: Object.fromEntries(
          Array.from({ length: 500 }, (_, i) => [`${'h'.repeat(1000)}${i}`, 'ignore']),
        ),
      }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a mapping with a 2,000-character header',
      method: 'POST',
      path: '/imports',
      body: jsonBody({ fileName: 'a.csv', mapping: { ['h'.repeat(2000)]: 'email' } }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a mapping that is an array',
      method: 'POST',
      path: '/imports',
      body: jsonBody({ fileName: 'a.csv', mapping: ['email'] }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a mapping to an object',
      method: 'POST',
      path: '/imports',
      body: jsonBody({ fileName: 'a.csv', mapping: { Email: { $ne: 1 } } }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a mapping to a field that does not exist',
      method: 'POST',
      path: '/imports',
      body: jsonBody({ fileName: 'a.csv', mapping: { Email: '__proto__' } }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a __proto__ key in the body',
      method: 'POST',
      path: '/imports',
      body: '{"fileName":"a.csv","__proto__":{"dryRun":true},"mode":"upsert"}',
      type: 'application/json',
      status: 201,
    },
    {
      name: 'a file name of 2,000 characters',
      method: 'POST',
      path: '/imports',
      body: jsonBody({ fileName: 'a'.repeat(2000) }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a mapping query that is not JSON',
      method: 'POST',
      path: '/imports?mapping=%7Bnope',
      body: 'Email\na@x.com\n',
      type: 'text/csv',
      status: 400,
    },
    {
      name: 'dryRun=maybe',
      method: 'POST',
      path: '/imports?dryRun=maybe',
      body: 'Email\na@x.com\n',
      type: 'text/csv',
      status: 400,
    },
    {
      name: 'a mode that is a path',
      method: 'POST',
      path: '/imports?mode=..%2F..%2Fetc',
      body: 'Email\na@x.com\n',
      type: 'text/csv',
      status: 400,
    },
    {
      name: 'an unknown default country',
      method: 'POST',
      path: '/imports?defaultCountry=XX',
      body: 'Email\na@x.com\n',
      type: 'text/csv',
      status: 400,
    },
    {
      name: 'a two-character delimiter',
      method: 'POST',
      path: '/imports?delimiter=%3B%3B',
      body: 'Email\na@x.com\n',
      type: 'text/csv',
      status: 400,
    },
    {
      name: 'an unknown encoding',
      method: 'POST',
      path: '/imports?encoding=utf-7',
      body: 'Email\na@x.com\n',
      type: 'text/csv',
      status: 400,
    },
    {
      name: 'a preview of random bytes',
      method: 'POST',
      path: '/imports/preview',
      body: Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0]),
      type: 'application/octet-stream',
      status: 422,
    },
    {
      name: 'an empty preview',
      method: 'POST',
      path: '/imports/preview',
      body: '',
      type: 'text/csv',
      status: 422,
    },
    {
      name: 'an import id of 10,000 characters',
      method: 'GET',
      path: `/imports/${'A'.repeat(10_000)}`,
      status: 404,
    },
    {
      name: 'an import id with a NUL',
      method: 'GET',
      path: '/imports/01J%00AAAAAAAAAAAAAAAAAAAAAA',
      status: 404,
    },
    {
      name: 'an import id with encoded dots and slashes',
      method: 'GET',
      path: '/imports/..%2F..%2Fcontacts',
      status: 404,
    },
    {
      name: 'an error report of an id that is not one',
      method: 'GET',
      path: '/imports/%2E%2E/errors',
      status: 404,
    },
    { name: 'a contact id that is a path', method: 'GET', path: '/contacts/..%2F..%2Fimports', status: 404 },
    { name: 'a broken percent-encoding in the path', method: 'GET', path: '/imports/%E0%A4%A', status: 404 },
    { name: 'a limit of a billion', method: 'GET', path: '/contacts?limit=1000000000', status: 400 },
    { name: 'a negative limit', method: 'GET', path: '/imports?limit=-1', status: 400 },
    { name: 'a cursor that is not one', method: 'GET', path: '/contacts?cursor=%7B%7D%7B', status: 400 },
    {
      name: 'a cursor with extra key attributes',
      method: 'GET',
      path: `/contacts?cursor=${Buffer.from(JSON.stringify({ pk: 'W#hostile-api', sk: 'C#x', ver: { N: '1' } })).toString('base64url')}`,
      status: 400,
    },
    {
      name: 'a GSI cursor for another value',
      method: 'GET',
      path: `/contacts?email=a@x.com&cursor=${Buffer.from(JSON.stringify({ pk: 'W#hostile-api', sk: 'C#x', gsiEmail: 'other#b@x.com' })).toString('base64url')}`,
      status: 400,
    },
    {
      name: 'a cursor of 5,000 characters',
      method: 'GET',
      path: `/imports?cursor=${'A'.repeat(5000)}`,
      status: 400,
    },
    {
      name: 'an email filter that is no email',
      method: 'GET',
      path: '/contacts?email=%3Cscript%3E',
      status: 400,
    },
    {
      name: 'a phone filter that is no phone',
      method: 'GET',
      path: '/contacts?phone=%2B1%27%20OR%201%3D1',
      status: 400,
    },
    {
      name: 'a custom field with a reserved key',
      method: 'POST',
      path: '/custom-fields',
      body: jsonBody({ key: 'email', label: 'E', type: 'text' }),
      type: 'application/json',
      status: 400,
    },
    {
      name: 'a custom field of an unknown type',
      method: 'POST',
      path: '/custom-fields',
      body: jsonBody({ key: 'x_1', label: 'X', type: 'script' }),
      type: 'application/json',
      status: 400,
    },
  ];

  it.for(cases)('answers $name with $status', async ({ method, path, body, type, status }) => {
    const response = await api.request(method, path, body, type ? { 'content-type': type } : {});
    tally.requestsTried++;
    if (response.status >= 400 && response.status < 500) tally.requestsRefused++;
    expect(response.status).toBe(status);
    const text = await response.text();
    // Errors say what is wrong in the product's words, never with internals.
    expect(text).not.toMatch(/ValidationException|DynamoDB|stack|at \w+ \(/);
  });

  it('keeps serving after all of them', async () => {
    expect((await api.request('GET', '/imports')).status).toBe(200);
  });
});

describe('file names', () => {
  it('keeps only the last path part, without control characters, of a name sent with the request', async () => {
    const created = await api.json<{ importId: string }>('POST', '/imports', {
      fileName: '..\\..\\windows/../etc/pass\u0000wd\r\n\u0007\u001b[31m.csv',
    });
    expect(created.status).toBe(201);
    const summary = await api.json<{ fileName: string }>('GET', `/imports/${created.body.importId}`);
    expect(summary.body.fileName).toBe('passwd[31m.csv');
  });

  it('keeps only the last path part, without control characters, of a dropped file', async () => {
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: 'drops/hostile-api/nightly/evil\u0007\u001b]0;owned\u0007\\..\\name.csv',
        Body: 'Email\ndrop-name@x.com\n',
      }),
    );
    await stack.idle();
    const { body } = await api.json<{ imports: Array<{ source: string; fileName: string }> }>(
      'GET',
      '/imports',
    );
    const drop = body.imports.find((i) => i.source === 'drop');
    expect(drop?.fileName).toBe('name.csv');
  });
});

describe('what left imports running for good (issue 18)', () => {
  const triggers = stuckImportTriggers();
  const TRIGGER_TIMEOUT_MS = 60_000;
  const triggerNamed = (prefix: string): HostileFile => {
    const file = triggers.find((f) => f.name.startsWith(prefix));
    if (!file) throw new Error(`the corpus lost "${prefix}"`);
    return file;
  };
  const importTrigger = async (file: HostileFile, workspaceId: string) => {
    for (const field of file.customFields ?? []) await h.addCustomField(field, workspaceId);
    return withDeadline(h.importCsv(file.bytes, { workspaceId }), file.name);
  };

  // One at a time: their rows are hundreds of KB, and DynamoDB Local takes its time over each.
  it.for(triggers)(
    'ends "$name" completed or failed within bounded time, through the engine',
    { timeout: TRIGGER_TIMEOUT_MS },
    async (file) => {
      const { summary } = await importTrigger(file, `stuck-${triggers.indexOf(file)}`);
      tally.engine++;
      assessSummary(summary, file.expected);
    },
  );

  it.for(triggers)(
    'ends "$name" completed or failed within bounded time, through the HTTP API',
    { timeout: TRIGGER_TIMEOUT_MS },
    async (file) => {
      // Prepare: the custom fields, through the API as a person (or a script) makes them.
      const { apiKey } = await createApiKey(stack.apiKeys, `stuck-api-${triggers.indexOf(file)}`);
      const api = createApiClient(apiUrl, apiKey);
      const created = await Promise.all(
        (file.customFields ?? []).map(
          async (field) => (await api.json('POST', '/custom-fields', field)).status,
        ),
      );
      expect(created.filter((status) => status !== 201)).toEqual([]);
      // Act
      const response = await api.request('POST', '/imports?fileName=stuck.csv', file.bytes, {
        'content-type': 'text/csv',
      });
      expect(response.status).toBe(202);
      const { importId } = (await response.json()) as { importId: string };
      const summary = (await api.waitForImport(
        importId,
        TRIGGER_TIMEOUT_MS - 10_000,
      )) as unknown as ImportSummary;
      // Assess
      tally.api++;
      assessSummary(summary, file.expected);
    },
  );

  it('stores a custom value keyed constructor as the value it is', async () => {
    await importTrigger(triggerNamed('a custom field keyed constructor'), 'stuck-ctor');
    const contacts = await h.contacts('stuck-ctor');
    expect(contacts.map((c) => c.customFields.constructor).sort()).toEqual(['hello', 'world']);
  });

  it('keeps merged tags within 100: each row that would pass them is errored value_too_long, naming the column', async () => {
    const { summary } = await importTrigger(triggerNamed('tags merged without a cap'), 'stuck-tags');
    expect(summary.errors[0]).toMatchObject({ row: 3, code: 'value_too_long', column: 'Tags' });
    const [contact] = await h.contacts('stuck-tags');
    expect(contact?.tags).toHaveLength(100);
  });

  it('keeps a contact within the item limit as rows merge into it', {
    timeout: TRIGGER_TIMEOUT_MS,
  }, async () => {
    const { summary } = await importTrigger(
      triggerNamed('a contact over the item limit by merging'),
      'stuck-grow',
    );
    expect(summary.errors.map((e) => e.row)).toEqual([11, 12]);
    expect(summary.errors[0]?.message).toMatch(/KB/);
    const [contact] = await h.contacts('stuck-grow');
    expect(Object.keys(contact?.customFields ?? {})).toHaveLength(180);
  });
});
