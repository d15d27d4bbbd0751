import { Logger } from '@aws-lambda-powertools/logger';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Continuation } from '../../functions/import/create-handler.js';
import { createEngineDeps } from '../../shared/adapters/engine-deps.js';
import { ImportError } from '../../shared/errors.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import { type TestImportHandlerOptions, testImportHandler } from '../support/import-function.js';
import { s3Event } from '../support/lambda-fixtures.js';
import { putObjectSettled } from '../support/put-object.js';
import { createTestEnv, type TestEnv } from '../support/test-env.js';

let env: TestEnv;
let engine: ImportEngineDeps;

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  env = await createTestEnv();
  engine = createEngineDeps({ ...env, maxBytes: 1024 * 1024 });
});

const setup = (options: TestImportHandlerOptions = {}) => testImportHandler(env, engine, options);

const put = (key: string, body: string, metadata?: Record<string, string>) =>
  putObjectSettled(env.s3, { Bucket: env.bucket, Key: key, Body: body, Metadata: metadata });

describe('the import function', () => {
  it('decodes the key as AWS encodes it and imports a drop once per object version', async () => {
    // Prepare
    const csv = 'Email,First Name\ndrop1@x.com,Dee\n';
    await put('drops/acme/a b+c.csv', csv, { mode: 'create-only' });
    const { handler, announced, context } = setup();
    const event = s3Event(env.bucket, 'drops/acme/a+b%2Bc.csv', csv.length);
    // Act: S3 delivers at least once; the second delivery of the same event must not run again.
    await handler(event, context('req-a'));
    await handler(event, context('req-b'));
    // Assess
    const { imports } = await engine.imports.listImports('acme', { limit: 10 });
    const drops = imports.filter((i) => i.record.source === 'drop');
    expect(drops).toHaveLength(1);
    expect(drops[0]?.record).toMatchObject({
      fileName: 'a b+c.csv',
      status: 'completed',
      options: { mode: 'create_only' },
    });
    expect(drops[0]?.progress.counts).toMatchObject({ rows: 1, created: 1 });
    expect(announced).toHaveLength(1);
  });

  it.each([
    ['a dry-run it cannot read', { 'dry-run': 'maybe', mode: 'create-only' }, 'x-amz-meta-dry-run takes'],
    ['a mapping to a field the workspace lacks', { mapping: '{"Email":"shoe_size"}' }, 'x-amz-meta-mapping'],
  ])('imports a drop with %s with the defaults, and warns in the log', async (_name, metadata, reason) => {
    // Prepare
    const key = `drops/meta/${reason.length}-${Object.keys(metadata).join('-')}.csv`;
    const csv = `Email\nmeta${reason.length}@x.com\n`;
    await put(key, csv, metadata);
    const logger = new Logger({ logLevel: 'SILENT' });
    const warn = vi.spyOn(logger, 'warn');
    const { handler, context } = setup({ logger });
    // Act
    await handler(s3Event(env.bucket, key, csv.length), context(`req-${key}`));
    // Assess
    const { imports } = await engine.imports.listImports('meta', { limit: 10 });
    const drop = imports.find((i) => i.record.objectKey === key);
    expect(drop?.record).toMatchObject({ status: 'completed', options: { mode: 'upsert', dryRun: false } });
    expect(drop?.progress.counts).toMatchObject({ created: 1 });
    expect(warn).toHaveBeenCalledWith(
      'drop metadata ignored',
      expect.objectContaining({ importId: drop?.record.importId, reason: expect.stringContaining(reason) }),
    );
  });

  it('announces a finished import whose announcement failed when Lambda retries the event, and only once', async () => {
    // Prepare: the event bus fails the first time
    const csv = 'Email,First Name\nannounce@x.com,Ann\n';
    await put('drops/acme/announce.csv', csv);
    const { handler, announced, context } = setup();
    const { handler: failing } = setup({
      announce: async () => {
        throw new Error('event bus unavailable');
      },
    });
    const event = s3Event(env.bucket, 'drops/acme/announce.csv', csv.length);
    // Act: the invocation fails after the import completed; Lambda retries it, and S3 delivers it once more
    await expect(failing(event, context('req-1'))).rejects.toThrow('event bus unavailable');
    await handler(event, context('req-1'));
    await handler(event, context('req-2'));
    // Assess
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ status: 'completed', counts: { rows: 1, created: 1 } });
    const { imports } = await engine.imports.listImports('acme', { limit: 50 });
    const drop = imports.find((i) => i.record.fileName === 'announce.csv');
    expect(drop?.record.announcedAt).toEqual(expect.any(String));
  });

  it('announces an import whose final write went in while the run saw it fail', async () => {
    // Prepare: the write that finishes the import is applied, and its caller is told another run holds the import
    // (what an SDK retry of an applied transaction meets).
    const importId = newImportId();
    const key = `uploads/acme/${importId}.csv`;
    await createImport(
      engine,
      {
        workspaceId: 'acme',
        importId,
        source: 'upload',
        fileName: 'ambiguous.csv',
        objectKey: key,
        options: {},
      },
      [],
    );
    await put(key, 'Email\nambiguous@x.com\n');
    const imports = Object.create(engine.imports) as ImportEngineDeps['imports'];
    imports.finishImport = async (...args) => {
      await engine.imports.finishImport(...args);
      throw new ImportError('lease_lost', 'another run holds this import');
    };
    const { handler, announced, context } = testImportHandler(env, { ...engine, imports });
    // Act
    await handler(s3Event(env.bucket, key, 22), context('req-ambiguous'));
    // Assess
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ id: importId, status: 'completed', counts: { created: 1 } });
    expect((await engine.imports.getImport('acme', importId))?.record.announcedAt).toEqual(
      expect.any(String),
    );
  });

  it('runs an upload for the import registered for its key, and ignores keys it does not know', async () => {
    const importId = newImportId();
    const key = `uploads/acme/${importId}.csv`;
    await createImport(
      engine,
      { workspaceId: 'acme', importId, source: 'upload', fileName: 'up.csv', objectKey: key, options: {} },
      [],
    );
    await put(key, 'Email\nup@x.com\n');
    await put(`uploads/acme/${newImportId()}.csv`, 'Email\nstray@x.com\n');
    await put('elsewhere/acme/x.csv', 'Email\nother@x.com\n');
    const { handler, context } = setup();
    await handler(s3Event(env.bucket, key, 16), context('req-c'));
    await handler(s3Event(env.bucket, `uploads/acme/${newImportId()}.csv`, 19), context('req-d'));
    await handler(s3Event(env.bucket, 'elsewhere/acme/x.csv', 19), context('req-e'));
    await handler(s3Event(env.bucket, 'uploads/..%2Fother/x.csv', 19), context('req-f'));
    const stored = await engine.imports.getImport('acme', importId);
    expect(stored?.record.status).toBe('completed');
    expect(stored?.progress.counts.created).toBe(1);
  });

  it('fails a file over the size limit from the event size, before reading it', async () => {
    const importId = newImportId();
    const key = `uploads/acme/${importId}.csv`;
    await createImport(
      engine,
      { workspaceId: 'acme', importId, source: 'upload', fileName: 'big.csv', objectKey: key, options: {} },
      [],
    );
    await put(key, 'Email\nbig@x.com\n');
    const { handler, context, announced } = setup();
    await handler(s3Event(env.bucket, key, 2 * 1024 * 1024), context('req-g'));
    expect(announced[0]).toMatchObject({ status: 'failed', failure: { code: 'file_too_large' } });
  });

  it('continues across invocations when the time budget runs low, with the counts of a single run', async () => {
    // Prepare
    const lines = ['Email,Tags'];
    for (let i = 0; i < 40; i++) lines.push(`c${i % 25}@x.com,t${i}`);
    const csv = `${lines.join('\n')}\n`;
    const single = setup();
    await put('drops/single/once.csv', csv);
    await single.handler(
      s3Event(env.bucket, 'drops/single/once.csv', csv.length, '01'),
      single.context('s-1'),
    );

    let remaining = 500;
    const split = setup({ remainingMs: () => remaining, batchRows: 4 });
    await put('drops/split/many.csv', csv);
    // Act: the first invocation pauses after a batch and asks for a continuation, as Step Functions would loop.
    await split.handler(s3Event(env.bucket, 'drops/split/many.csv', csv.length, '02'), split.context('s-2'));
    let invocations = 1;
    let status: string | undefined = 'paused';
    const continuation = split.continuations[0];
    expect(continuation).toBeDefined();
    while (status === 'paused' && continuation) {
      const result = await split.handler(continuation, split.context(`s-cont-${invocations}`));
      status = result?.status;
      invocations++;
      if (invocations > 100) remaining = 600_000;
    }
    // Assess
    expect(invocations).toBeGreaterThan(5);
    expect(status).toBe('completed');
    expect(split.announced[0]?.counts).toEqual(single.announced[0]?.counts);
    expect(split.announced[0]?.counts).toEqual({
      rows: 40,
      created: 25,
      updated: 15,
      skipped: 0,
      errored: 0,
    });
  });

  it('rejects a continuation payload that is not one', async () => {
    const { handler, context } = setup();
    await expect(handler({ kind: 'continue' } as unknown as Continuation, context('bad'))).rejects.toThrow();
  });
});
