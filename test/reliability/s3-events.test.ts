// S3 delivers events at least once, possibly late and out of order: each object version is imported once.

import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbContactQueries } from '../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { createEngineDeps } from '../../shared/adapters/engine-deps.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import { testImportHandler } from '../support/import-function.js';
import { s3Event } from '../support/lambda-fixtures.js';
import { putObjectSettled } from '../support/put-object.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
let engine: ImportEngineDeps;
let queries: DynamoDbContactQueries;
let deliveries = 0;
let n = 0;

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  env = await createTestEnv();
  engine = createEngineDeps({ ...env, maxBytes: 1024 * 1024 });
  queries = new DynamoDbContactQueries(env.documentClient, env.tableName);
});

afterAll(() => {
  console.log(`S3 events: ${deliveries} events delivered (duplicates, late, out of order, concurrent)`);
});

const setup = () => {
  const { handler, announced } = testImportHandler(env, engine);
  const deliver = (event: S3Event) => {
    deliveries++;
    return handler(event, { awsRequestId: `req-${++n}`, getRemainingTimeInMillis: () => 600_000 });
  };
  return { deliver, announced };
};

/** Writes an object and returns the event S3 sends for it (sequencers grow with each write of a key). */
const put = async (key: string, body: string): Promise<S3Event> => {
  await putObjectSettled(env.s3, { Bucket: env.bucket, Key: key, Body: body });
  const sequencer = (0x62e99a88dc407460n + BigInt(++n)).toString(16).toUpperCase().padStart(18, '0');
  return s3Event(env.bucket, key, Buffer.byteLength(body), sequencer);
};

const importsOf = async (workspaceId: string) =>
  (await engine.imports.listImports(workspaceId, { limit: 100 })).imports;

const emailsOf = async (workspaceId: string) =>
  (await queries.listContacts(workspaceId, {}, { limit: 500 })).contacts.map((c) => c.value.email).sort();

describe('S3 events delivered more than once', () => {
  it('runs an upload once when its event comes twice in a row, twice at once, and again after it finished', async () => {
    // Prepare
    const { deliver, announced } = setup();
    const ws = 'ev-upload';
    const importId = newImportId();
    const key = `uploads/${ws}/${importId}.csv`;
    await createImport(
      engine,
      { workspaceId: ws, importId, source: 'upload', fileName: 'up.csv', objectKey: key, options: {} },
      [],
    );
    const event = await put(key, 'Email,Tags\na@x.com,t1\nb@x.com,t2\na@x.com,t3\n');
    // Act
    await Promise.all([deliver(event), deliver(event)]);
    await deliver(event);
    // Assess
    expect(announced).toHaveLength(1);
    expect(announced[0]?.counts).toEqual({ rows: 3, created: 2, updated: 1, skipped: 0, errored: 0 });
    expect(await emailsOf(ws)).toEqual(['a@x.com', 'b@x.com']);
    expect(await importsOf(ws)).toHaveLength(1);
  });

  it('imports a dropped file once when its event comes twice at once and once more later', async () => {
    const { deliver, announced } = setup();
    const ws = 'ev-drop';
    const event = await put(`drops/${ws}/nightly.csv`, 'Email,Tags\nc@x.com,t1\nd@x.com,t2\n');
    await Promise.all([deliver(event), deliver(event), deliver(event)]);
    await deliver(event);
    expect(announced).toHaveLength(1);
    const imports = await importsOf(ws);
    expect(imports).toHaveLength(1);
    expect(imports[0]?.progress.counts).toMatchObject({ rows: 2, created: 2 });
  });
});

describe('a dropped file overwritten at the same key', () => {
  const v1 = 'Email,Tags\nfirst@x.com,v1\nboth@x.com,v1\n';
  const v2 = 'Email,Tags\nsecond@x.com,v2\nboth@x.com,v2\n';

  it('imports each version once when each event is handled before the next write, even if one comes again late', async () => {
    const { deliver, announced } = setup();
    const ws = 'ev-inorder';
    const key = `drops/${ws}/feed.csv`;
    const first = await put(key, v1);
    await deliver(first);
    const second = await put(key, v2);
    await deliver(second);
    // The first version's event again, after its bytes were overwritten.
    await deliver(first);
    await deliver(second);
    expect(announced.map((s) => s.counts.created)).toEqual([2, 1]);
    expect(await importsOf(ws)).toHaveLength(2);
    expect(await emailsOf(ws)).toEqual(['both@x.com', 'first@x.com', 'second@x.com']);
  });

  it('imports only the version the bucket holds when the newer event arrives first and the older one late', async () => {
    // Prepare: both writes happen before either event is handled; the events come newest first.
    const { deliver, announced } = setup();
    const ws = 'ev-reordered';
    const key = `drops/${ws}/feed.csv`;
    const first = await put(key, v1);
    const second = await put(key, v2);
    // Act
    await deliver(second);
    await deliver(first);
    // Assess: the first version is gone from the bucket (no versioning); the second is imported once, not twice.
    expect(announced).toHaveLength(1);
    expect(await importsOf(ws)).toHaveLength(1);
    expect(await emailsOf(ws)).toEqual(['both@x.com', 'second@x.com']);
  });

  it('imports only the version the bucket holds when both events arrive at once', async () => {
    const { deliver, announced } = setup();
    const ws = 'ev-together';
    const key = `drops/${ws}/feed.csv`;
    const first = await put(key, v1);
    const second = await put(key, v2);
    await Promise.all([deliver(first), deliver(second), deliver(first)]);
    expect(announced).toHaveLength(1);
    expect(await importsOf(ws)).toHaveLength(1);
    expect(announced[0]?.counts).toMatchObject({ rows: 2, created: 2 });
  });

  it('reads the whole newer version when the older event (with the older size) is handled after the write', async () => {
    const { deliver, announced } = setup();
    const ws = 'ev-size';
    const key = `drops/${ws}/feed.csv`;
    const first = await put(key, 'Email\ns1@x.com\n');
    await put(key, 'Email\nl1@x.com\nl2@x.com\nl3@x.com\nl4@x.com\n');
    await deliver(first);
    expect(announced[0]?.counts).toMatchObject({ rows: 4, created: 4, errored: 0 });
    expect(await emailsOf(ws)).toEqual(['l1@x.com', 'l2@x.com', 'l3@x.com', 'l4@x.com']);
  });
});

describe('events that name nothing to import', () => {
  it('ignores a drop deleted before its event was handled, without failing the invocation', async () => {
    const { deliver, announced } = setup();
    const ws = 'ev-deleted';
    const key = `drops/${ws}/gone.csv`;
    const event = await put(key, 'Email\ngone@x.com\n');
    await env.s3.send(new DeleteObjectCommand({ Bucket: env.bucket, Key: key }));
    await expect(deliver(event)).resolves.toBeUndefined();
    expect(announced).toHaveLength(0);
    expect(await importsOf(ws)).toHaveLength(0);
  });

  it('ignores uploads with no import registered for them, other prefixes, other buckets and other event names', async () => {
    const { deliver, announced } = setup();
    const ws = 'ev-stray';
    const stray = await put(`uploads/${ws}/${newImportId()}.csv`, 'Email\nstray@x.com\n');
    const notUlid = await put(`uploads/${ws}/evil.csv`, 'Email\nevil@x.com\n');
    const elsewhere = await put(`reports/${ws}/x.csv`, 'Email\nother@x.com\n');
    const drop = await put(`drops/${ws}/real.csv`, 'Email\nreal@x.com\n');
    const otherBucket = structuredClone(drop);
    for (const record of otherBucket.Records) record.s3.bucket.name = 'someone-elses-bucket';
    const removed = structuredClone(drop);
    for (const record of removed.Records) record.eventName = 'ObjectRemoved:Delete';
    for (const event of [stray, notUlid, elsewhere, otherBucket, removed]) await deliver(event);
    expect(announced).toHaveLength(0);
    expect(await importsOf(ws)).toHaveLength(0);
    expect(await emailsOf(ws)).toEqual([]);
  });
});
