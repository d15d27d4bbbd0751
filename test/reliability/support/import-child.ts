// A separate process that runs one registered import through the engine and reports each committed batch on
// stdout, so that a test can kill it with SIGKILL part-way: `node --import tsx import-child.ts`.

import { createAwsClients } from '../../../shared/adapters/aws-clients.js';
import { createEngineDeps } from '../../../shared/adapters/engine-deps.js';
import { s3ByteSource } from '../../../shared/adapters/s3/s3-byte-source.js';
import { requireEnv } from '../../../shared/config.js';
import { processImport } from '../../../shared/import/process-import.js';

const { documentClient, s3 } = createAwsClients({
  region: 'us-east-1',
  dynamoEndpoint: requireEnv('CHILD_DYNAMO_ENDPOINT'),
  s3Endpoint: requireEnv('CHILD_S3_ENDPOINT'),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  s3Credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const bucket = requireEnv('CHILD_BUCKET');
const objectKey = requireEnv('CHILD_OBJECT_KEY');
const deps = createEngineDeps({
  documentClient,
  tableName: requireEnv('CHILD_TABLE'),
  s3,
  bucket,
  maxBytes: 1024 ** 3,
});
// Transactions of a row or two, four in flight: a kill falls between transactions of one batch, some committed.
deps.maxPlanActions = 3;
deps.commitConcurrency = 4;

const result = await processImport(deps, {
  workspaceId: requireEnv('CHILD_WORKSPACE'),
  importId: requireEnv('CHILD_IMPORT_ID'),
  runId: requireEnv('CHILD_RUN_ID'),
  source: await s3ByteSource(s3, bucket, objectKey),
  leaseMs: Number(requireEnv('CHILD_LEASE_MS')),
  batchRows: Number(requireEnv('CHILD_BATCH_ROWS')),
  onProgress: (progress) => process.stdout.write(`committed ${progress.row}\n`),
});
process.stdout.write(`ended ${result.status}\n`);
documentClient.destroy();
s3.destroy();
