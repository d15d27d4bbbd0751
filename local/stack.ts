// The local stack: DynamoDB Local, the S3 emulator, and the Lambda handlers wired by their own build-deps.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Event } from 'aws-lambda';
import { buildAuthorizerDeps } from '../functions/authorizer/build-deps.js';
import { createHandler as createAuthorizer } from '../functions/authorizer/create-handler.js';
import { buildImportDeps, type ImportFunctionConfig } from '../functions/import/build-deps.js';
import {
  type Continuation,
  type ContinuationResult,
  createHandler as createImportHandler,
} from '../functions/import/create-handler.js';
import { IMPORT_TIMEOUT_MS } from '../functions/import/lease.js';
import { buildResultsDeps } from '../functions/results/build-deps.js';
import { createHandler as createResults, type ResultsDeps } from '../functions/results/create-handler.js';
import { buildUploadUrlDeps, DEFAULT_URL_TTL_SECONDS } from '../functions/upload-url/build-deps.js';
import { createHandler as createUploadUrl } from '../functions/upload-url/create-handler.js';
import { DynamoDbStalledImports } from '../shared/adapters/dynamodb/dynamodb-stalled-imports.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../shared/config.js';
import type { ImportSummary } from '../shared/import/import-record.js';
import type { ImportEngineDeps } from '../shared/import/run-import.js';
import { createMetrics, SERVICE_NAME } from '../shared/observability.js';
import type { ApiKeyStore } from '../shared/ports/api-key-store.js';
import { createApiServer } from './api-server.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { createLambdaRuntime } from './lambda-runtime.js';
import { createLocalClients } from './local-credentials.js';
import { ensureBucket, ensureTable } from './provision.js';
import { recoverUnfinishedImports } from './restart-recovery.js';
import { createRunOwner } from './run-owner.js';
import { BUCKET_NAME, type RunningStack, stackFile, TABLE_NAME } from './running-stack.js';
import { type S3Emulator, startS3Emulator } from './s3-emulator.js';
import { notifyNewObjects } from './s3-notifications.js';
import { continuationLoop, type ImportRuntime } from './step-functions-loop.js';

export { BUCKET_NAME, type RunningStack, readRunningStack, stackFile, TABLE_NAME } from './running-stack.js';
export { toAwsS3Event } from './s3-notifications.js';

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
  /** Days after an import's end it can be undone (SPEC §10; 30 when absent): 0 makes every revert too late. */
  revertWindowDays?: number;
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
  /** Pauses the running imports at their next batch boundary (the next start resumes them), then stops. */
  stop(): Promise<void>;
}

/** DynamoDB Local and the S3 emulator, unless the environment names services to use instead. */
const startServices = async (
  dataDir: string | undefined,
  stops: Array<() => Promise<void>>,
  logger: Logger,
) => {
  let dynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!dynamoEndpoint) {
    const dynamo = await startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
    stops.push(dynamo.stop);
    dynamoEndpoint = dynamo.endpoint;
    if (!dynamo.loopbackOnly) {
      logger.warn(
        'DynamoDB Local listens on every interface: without javac it cannot be bound to 127.0.0.1',
        {
          port: dynamo.port,
        },
      );
    }
  }
  let s3Endpoint = process.env.AWS_ENDPOINT_URL_S3;
  let emulator: S3Emulator | undefined;
  if (!s3Endpoint) {
    if (dataDir) mkdirSync(join(dataDir, 's3'), { recursive: true });
    emulator = await startS3Emulator(dataDir ? { dataDir: join(dataDir, 's3') } : {});
    stops.push(emulator.stop);
    s3Endpoint = emulator.endpoint;
  }
  return { dynamoEndpoint, s3Endpoint, emulator };
};

/** Listens on loopback only; resolves with the API's URL. */
const listen = (server: Server, port: number): Promise<string> =>
  new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      const address = server.address();
      done(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`);
    });
  });

export const startLocalStack = async (options: LocalStackOptions = {}): Promise<LocalStack> => {
  if (options.quiet) process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const logger = new Logger({ serviceName: SERVICE_NAME, logLevel: options.quiet ? 'SILENT' : 'INFO' });
  const stops: Array<() => Promise<void>> = [];
  const { dynamoEndpoint, s3Endpoint, emulator } = await startServices(dataDir, stops, logger);
  const clients = createLocalClients({ dynamoEndpoint, s3Endpoint, s3IsEmulator: emulator !== undefined });
  const { documentClient, s3 } = clients;
  await Promise.all([ensureTable(dynamoEndpoint, TABLE_NAME), ensureBucket(s3, BUCKET_NAME)]);

  // The import function, in its runtime: each run id names this stack (run-owner.ts).
  const owner = createRunOwner(dataDir);
  const config: ImportFunctionConfig = {
    tableName: TABLE_NAME,
    bucket: BUCKET_NAME,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    invocationMs: options.invocationMs ?? IMPORT_TIMEOUT_MS,
    ...(options.safetyMarginMs !== undefined ? { safetyMarginMs: options.safetyMarginMs } : {}),
    ...(options.batchRows ? { batchRows: options.batchRows } : {}),
  };
  const finished: ImportSummary[] = [];
  let importHandler: ReturnType<typeof createImportHandler> | undefined;
  const runtime: ImportRuntime = createLambdaRuntime(() => importHandler ?? (async () => undefined), {
    invocationMs: config.invocationMs,
    newRequestId: owner.newRunId,
    logger,
  });
  const importDeps = buildImportDeps(config, clients, {
    continueLater: continuationLoop(runtime, logger),
    announce: async (summary) => {
      finished.push(summary);
    },
    logger,
    metrics: createMetrics(),
  });
  importHandler = createImportHandler(importDeps);

  await recoverUnfinishedImports({
    stalled: new DynamoDbStalledImports(documentClient, TABLE_NAME),
    s3,
    bucket: BUCKET_NAME,
    owner,
    leaseMs: importDeps.leaseMs,
    resume: importDeps.continueLater,
    logger,
  }).catch((error) => logger.error('unfinished imports not resumed', { error: error as Error }));

  stops.push(
    notifyNewObjects(emulator, {
      s3,
      bucket: BUCKET_NAME,
      deliver: (event) => runtime.invokeAsync(event),
      track: runtime.track,
      onError: (error) => logger.error('object event not delivered', { error: error as Error }),
    }),
  );

  // A revert's rounds carry a run id of this stack (not a bare ULID), so that a stack started later on the data dir
  // can tell one this stack left when it stopped (restart recovery continues it at once) from a live one's.
  const withStackRunIds = (deps: ResultsDeps): ResultsDeps =>
    deps.reverts ? { ...deps, reverts: { ...deps.reverts, newRunId: owner.newRunId } } : deps;
  const apiKeys = buildAuthorizerDeps({ tableName: TABLE_NAME }, clients).apiKeys;
  let server: Server | undefined;
  let apiUrl: string | undefined;
  if (options.port !== undefined) {
    const functionConfig = { tableName: TABLE_NAME, bucket: BUCKET_NAME };
    server = createApiServer(
      {
        authorize: createAuthorizer({ apiKeys }),
        functions: {
          'upload-url': createUploadUrl(
            buildUploadUrlDeps(
              { ...functionConfig, maxBytes: config.maxBytes, urlTtlSeconds: DEFAULT_URL_TTL_SECONDS },
              clients,
              logger,
            ),
          ),
          results: createResults(
            withStackRunIds(
              buildResultsDeps(
                {
                  ...functionConfig,
                  ...(options.revertWindowDays !== undefined
                    ? { revertWindowDays: options.revertWindowDays }
                    : {}),
                },
                clients,
                logger,
                continuationLoop(runtime, logger),
              ),
            ),
          ),
        },
      },
      options.webRoot ? { webRoot: options.webRoot } : {},
    );
    apiUrl = await listen(server, options.port);
    if (dataDir) {
      const running: RunningStack = { pid: process.pid, apiUrl, dynamoEndpoint, s3Endpoint };
      writeFileSync(stackFile(dataDir), JSON.stringify(running, null, 2));
    }
  }

  return {
    ...(apiUrl ? { apiUrl } : {}),
    dynamoEndpoint,
    s3Endpoint,
    tableName: TABLE_NAME,
    bucket: BUCKET_NAME,
    s3,
    documentClient,
    engine: importDeps.engine,
    apiKeys,
    invokeImport: runtime.invoke,
    finished,
    invocations: runtime.invocations,
    idle: runtime.idle,
    stop: async () => {
      if (server) {
        const closing = server;
        await new Promise<void>((done) => closing.close(() => done()));
        closing.closeAllConnections();
        if (dataDir) rmSync(stackFile(dataDir), { force: true });
      }
      // Running imports pause at their next batch boundary; the next start on this data dir resumes them.
      await runtime.drain();
      owner.release();
      for (const stop of stops.reverse()) await stop();
      documentClient.destroy();
      s3.destroy();
    },
  };
};
