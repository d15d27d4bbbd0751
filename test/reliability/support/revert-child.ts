// A separate process that runs one started revert through the engine and reports each committed chunk on stdout,
// so that a test can kill it with SIGKILL part-way: `node --import tsx revert-child.ts`.

import { createAwsClients } from '../../../shared/adapters/aws-clients.js';
import { createRevertEngineDeps } from '../../../shared/adapters/engine-deps.js';
import { requireEnv } from '../../../shared/config.js';
import { processRevert } from '../../../shared/revert/run-revert.js';

const { documentClient, s3 } = createAwsClients({
  region: 'us-east-1',
  dynamoEndpoint: requireEnv('CHILD_DYNAMO_ENDPOINT'),
  s3Endpoint: requireEnv('CHILD_S3_ENDPOINT'),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  s3Credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
const deps = createRevertEngineDeps({
  documentClient,
  tableName: requireEnv('CHILD_TABLE'),
  s3,
  bucket: requireEnv('CHILD_BUCKET'),
});

const status = await processRevert(deps, {
  workspaceId: requireEnv('CHILD_WORKSPACE'),
  importId: requireEnv('CHILD_IMPORT_ID'),
  runId: requireEnv('CHILD_RUN_ID'),
  leaseMs: Number(requireEnv('CHILD_LEASE_MS')),
  contactsPerChunk: Number(requireEnv('CHILD_CONTACTS_PER_CHUNK')),
  passBytes: Number(requireEnv('CHILD_PASS_BYTES')),
  onProgress: (checkpoint) => process.stdout.write(`committed ${checkpoint.counts.contacts}\n`),
});
process.stdout.write(`ended ${status}\n`);
documentClient.destroy();
s3.destroy();
