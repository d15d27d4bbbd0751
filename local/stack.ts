// The local stack: DynamoDB Local, the S3 emulator, and the Lambda handlers wired as AWS wires them.

import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, S3Event } from 'aws-lambda';
import { createHandler as createAuthorizer } from '../functions/authorizer/create-handler.js';
import {
  type Continuation,
  type ContinuationResult,
  createHandler as createImportHandler,
} from '../functions/import/create-handler.js';
import { createHandler as createResults } from '../functions/results/create-handler.js';
import { createHandler as createUploadUrl } from '../functions/upload-url/create-handler.js';
import { createAwsClients } from '../shared/adapters/aws-clients.js';
import { DynamoDbApiKeyStore } from '../shared/adapters/dynamodb/dynamodb-api-key-store.js';
import { DynamoDbContactQueries } from '../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import type { DynamoDbImportStore } from '../shared/adapters/dynamodb/dynamodb-import-store.js';
import { tableDefinition } from '../shared/adapters/dynamodb/table-design.js';
import { createEngineDeps } from '../shared/adapters/engine-deps.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../shared/config.js';
import { newImportId } from '../shared/ids.js';
import type { ImportSummary } from '../shared/import/import-record.js';
import { encodeEventKey, IMPORT_PREFIXES } from '../shared/import/object-keys.js';
import type { ImportEngineDeps } from '../shared/import/run-import.js';
import { createMetrics, SERVICE_NAME } from '../shared/observability.js';
import type { ApiKeyStore } from '../shared/ports/api-key-store.js';
import { createApiServer } from './api-server.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { BUCKET_NAME, type RunningStack, stackFile, TABLE_NAME } from './running-stack.js';
import { type S3rverEvent, startS3Emulator } from './s3-emulator.js';

export { BUCKET_NAME, type RunningStack, readRunningStack, stackFile, TABLE_NAME } from './running-stack.js';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** s3rver accepts this one key pair. */
const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalStackOptions {
  /** Where DynamoDB Local and the S3 emulator keep their data; in memory / a temp folder when absent. */
  dataDir?: string;
  /** Serve the HTTP API on this port (0: any free port); no HTTP server when absent. */
  port?: number;
  webRoot?: string;
  /** Silences the handlers' logs and EMF metrics (the CLI prints only its own output). */
  quiet?: boolean;
  /** The time each "invocation" of the import function gets: small values force continuations. */
  invocationMs?: number;
  safetyMarginMs?: number;
  maxBytes?: number;
  batchRows?: number;
}

export interface LocalStack {
  apiUrl?: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucket: string;
  s3: S3Client;
  documentClient: DynamoDBDocumentClient;
  engine: ImportEngineDeps;
  apiKeys: ApiKeyStore;
  /** The import function exactly as the stack invokes it, for tests that deliver events themselves. */
  invokeImport(event: S3Event | Continuation, requestId?: string): Promise<ContinuationResult | undefined>;
  /** Imports that ended, in order (the EventBridge events AWS would carry). */
  finished: ImportSummary[];
  /** Number of import-function invocations so far. */
  invocations(): number;
  /** Resolves once every delivered event and continuation has run. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The AWS shape of an s3rver event: key URL-encoded as AWS encodes it, the rest as AWS sends it. */
export const toAwsS3Event = (event: S3rverEvent): S3Event =>
  ({
    Records: event.Records.map((record) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: record.eventTime,
      eventName: record.eventName,
      userIdentity: { principalId: 'local' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'local',
        bucket: {
          name: record.s3.bucket.name,
          ownerIdentity: { principalId: 'local' },
          arn: `arn:aws:s3:::${record.s3.bucket.name}`,
        },
        object: {
          key: encodeEventKey(record.s3.object.key),
          size: record.s3.object.size ?? 0,
          eTag: record.s3.object.eTag ?? '',
          sequencer: record.s3.object.sequencer,
        },
      },
    })),
  }) as S3Event;

const ensureTable = async (endpoint: string) => {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateTableCommand(tableDefinition(TABLE_NAME)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
};

const ensureBucket = async (s3: S3Client) => {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET_NAME }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
  // The browser posts straight to the bucket: CORS as the CDK stack sets it.
  await s3
    .send(
      new PutBucketCorsCommand({
        Bucket: BUCKET_NAME,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedMethods: ['POST', 'GET'],
              AllowedOrigins: ['*'],
              AllowedHeaders: ['*'],
              MaxAgeSeconds: 600,
            },
          ],
        },
      }),
    )
    .catch(() => undefined);
};

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  if (options.quiet) process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const stops: Array<() => Promise<void>> = [];

  let dynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!dynamoEndpoint) {
    const dynamo = await startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
    stops.push(dynamo.stop);
    dynamoEndpoint = dynamo.endpoint;
  }
  let s3Endpoint = process.env.AWS_ENDPOINT_URL_S3;
  let emulator: Awaited<ReturnType<typeof startS3Emulator>> | undefined;
  if (!s3Endpoint) {
    if (dataDir) mkdirSync(join(dataDir, 's3'), { recursive: true });
    emulator = await startS3Emulator(dataDir ? { dataDir: join(dataDir, 's3') } : {});
    stops.push(emulator.stop);
    s3Endpoint = emulator.endpoint;
  }

  const envCredentials =
    process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY }
      : undefined;
  const { documentClient, s3 } = createAwsClients({
    region: 'us-east-1',
    dynamoEndpoint,
    s3Endpoint,
    credentials: envCredentials ?? LOCAL_CREDENTIALS,
    s3Credentials: emulator ? S3RVER_CREDENTIALS : (envCredentials ?? S3RVER_CREDENTIALS),
  });
  await Promise.all([ensureTable(dynamoEndpoint), ensureBucket(s3)]);

  const logger = new Logger({ serviceName: SERVICE_NAME, logLevel: options.quiet ? 'SILENT' : 'INFO' });
  const metrics = createMetrics();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const engine = createEngineDeps({
    documentClient,
    tableName: TABLE_NAME,
    s3,
    bucket: BUCKET_NAME,
    maxBytes,
  });
  const apiKeys = new DynamoDbApiKeyStore(documentClient, TABLE_NAME);
  const finished: ImportSummary[] = [];
  const pending = new Set<Promise<unknown>>();
  let invocations = 0;
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const invocationMs = options.invocationMs ?? 15 * 60 * 1000;
  const context = (requestId: string): Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'> => {
    const deadline = Date.now() + invocationMs;
    return { awsRequestId: requestId, getRemainingTimeInMillis: () => deadline - Date.now() };
  };

  // The local stand-in for the Step Functions loop: invoke again while the import says it paused.
  /** Step Functions runs a continuation that fails up to three times (its TASKS_FAILED retries), as here. */
  const continueLater = async (continuation: Continuation) => {
    const invokeWithRetries = async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await invokeImport(continuation);
        } catch (error) {
          if (attempt >= 2) throw error;
          logger.error('continuation invocation failed', { error: error as Error, attempt });
        }
      }
    };
    track(
      (async () => {
        for (;;) {
          const result = await invokeWithRetries();
          if (result?.status !== 'paused') return;
        }
      })().catch((error) => logger.error('continuation failed', { error: error as Error })),
    );
  };

  const importHandler = createImportHandler({
    engine,
    ...(options.batchRows ? { batchRows: options.batchRows } : {}),
    s3,
    bucket: BUCKET_NAME,
    leaseMs: invocationMs + 60_000,
    safetyMarginMs: options.safetyMarginMs ?? Math.min(120_000, Math.floor(invocationMs / 2)),
    continueLater,
    announce: async (summary) => {
      finished.push(summary);
    },
    logger,
    metrics,
  });

  const invokeImport = async (event: S3Event | Continuation, requestId: string = randomUUID()) => {
    invocations++;
    return importHandler(event, context(requestId));
  };

  /** Lambda retries a failed asynchronous invocation twice, with the same request id. */
  const deliver = (event: S3Event) => {
    const requestId = randomUUID();
    track(
      (async () => {
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            await invokeImport(event, requestId);
            return;
          } catch (error) {
            logger.error('import invocation failed', { error: error as Error, attempt });
          }
        }
      })(),
    );
  };
  /** A local run killed mid-import (a closed terminal) resumes when a stack starts again, as a redriven event would in AWS. */
  const imports = engine.imports as DynamoDbImportStore;
  const resumeStalled = async () => {
    for (const { workspaceId, importId } of await imports.findStalledImports(Date.now())) {
      const stored = await imports.getImport(workspaceId, importId);
      if (!stored) continue;
      logger.info('resuming a stalled import', { workspaceId, importId });
      await continueLater({
        kind: 'continue',
        workspaceId,
        importId,
        runId: randomUUID(),
        bucket: BUCKET_NAME,
        key: stored.record.objectKey,
      });
    }
  };
  await resumeStalled().catch((error) =>
    logger.error('stalled imports not resumed', { error: error as Error }),
  );

  emulator?.onObjectEvent((event) => {
    if (!event.Records.every((record) => record.eventName.startsWith('ObjectCreated'))) return;
    // AWS notifies the function of new objects under the import prefixes only, not of its own reports.
    if (!event.Records.every((record) => IMPORT_PREFIXES.some((p) => record.s3.object.key.startsWith(p))))
      return;
    track(
      (async () => {
        // s3rver announces an object before its file is fully written; S3 only once it is readable whole.
        for (const record of event.Records) {
          await waitForWholeObject(
            s3,
            record.s3.bucket.name,
            record.s3.object.key,
            record.s3.object.size ?? 0,
          );
        }
        deliver(toAwsS3Event(event));
      })().catch((error) => logger.error('object event not delivered', { error: error as Error })),
    );
  });
  if (!emulator) stops.push(pollForObjects(s3, deliver));

  let server: Server | undefined;
  let apiUrl: string | undefined;
  if (options.port !== undefined) {
    const contactQueries = new DynamoDbContactQueries(documentClient, TABLE_NAME);
    const now = () => new Date();
    server = createApiServer(
      {
        authorize: createAuthorizer({ apiKeys }),
        functions: {
          'upload-url': createUploadUrl({
            imports: engine.imports,
            customFields: engine.customFields,
            s3,
            bucket: BUCKET_NAME,
            maxBytes,
            urlTtlSeconds: 900,
            newImportId: () => newImportId(),
            now,
            logger,
            preview: { contacts: engine.contacts, customFields: engine.customFields, now },
          }),
          results: createResults({
            imports: engine.imports,
            reports: engine.reports,
            customFields: engine.customFields,
            contacts: contactQueries,
            // The emulator serves objects by path: a plain link does for the local stack.
            reportLink: async (key) => `${s3Endpoint}/${BUCKET_NAME}/${key}`,
            logger,
          }),
        },
      },
      options.webRoot ? { webRoot: options.webRoot } : {},
    );
    const listening = server;
    await new Promise<void>((done, fail) => {
      listening.once('error', fail);
      listening.listen(options.port, '127.0.0.1', () => {
        listening.off('error', fail);
        done();
      });
    });
    const address = listening.address();
    apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : options.port}`;
    if (dataDir) {
      const running: RunningStack = { pid: process.pid, apiUrl, dynamoEndpoint, s3Endpoint };
      writeFileSync(stackFile(dataDir), JSON.stringify(running, null, 2));
    }
  }

  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  return {
    ...(apiUrl ? { apiUrl } : {}),
    dynamoEndpoint,
    s3Endpoint,
    tableName: TABLE_NAME,
    bucket: BUCKET_NAME,
    s3,
    documentClient,
    engine,
    apiKeys,
    invokeImport,
    finished,
    invocations: () => invocations,
    idle,
    stop: async () => {
      if (server) {
        const closing = server;
        await new Promise<void>((done) => closing.close(() => done()));
        closing.closeAllConnections();
        if (dataDir) rmSync(stackFile(dataDir), { force: true });
      }
      await idle();
      for (const stop of stops.reverse()) await stop();
      documentClient.destroy();
      s3.destroy();
    },
  };
};

/** Waits until the object's last byte can be read: s3rver writes a file front to back after announcing it. */
const waitForWholeObject = async (s3: S3Client, bucket: string, key: string, size: number): Promise<void> => {
  if (size === 0) return;
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      const tail = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${size - 1}-${size - 1}` }),
      );
      if ((await tail.Body?.transformToByteArray())?.length === 1) return;
    } catch {
      // Not readable yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * With an S3 service that is not ours (AWS_ENDPOINT_URL_S3), no events reach this process: poll for new objects
 * under uploads/ and drops/ and deliver them as events, each object version once.
 */
const pollForObjects = (s3: S3Client, deliver: (event: S3Event) => void): (() => Promise<void>) => {
  const seen = new Set<string>();
  let stopped = false;
  let first = true;
  const poll = async () => {
    for (const prefix of IMPORT_PREFIXES) {
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: BUCKET_NAME, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          const id = `${object.Key}|${object.ETag}`;
          if (!object.Key || seen.has(id)) continue;
          seen.add(id);
          // Objects already there when the stack started were handled by whoever saw them arrive.
          if (first) continue;
          deliver(
            toAwsS3Event({
              Records: [
                {
                  eventName: 'ObjectCreated:Put',
                  eventTime: new Date().toISOString(),
                  s3: {
                    bucket: { name: BUCKET_NAME },
                    object: {
                      key: object.Key,
                      size: object.Size ?? 0,
                      eTag: object.ETag ?? '',
                      sequencer: id,
                    },
                  },
                },
              ],
            }),
          );
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    }
    first = false;
  };
  const timer = setInterval(() => {
    if (!stopped) poll().catch(() => undefined);
  }, 1000);
  void poll().catch(() => undefined);
  return async () => {
    stopped = true;
    clearInterval(timer);
  };
};
