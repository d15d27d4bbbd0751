// The bench's dry-run phase in a process of its own, doing what the import Lambda does: clients built once,
// the engine run over the file, nothing else in the heap. Reports time, memory and requests on stdout.

import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { createEngineDeps } from '../../shared/adapters/engine-deps.js';
import { fileByteSource } from '../../shared/csv/file-byte-source.js';
import { processImport } from '../../shared/import/process-import.js';
import { DRY_RUN_JOB_VARIABLE, type DryRunChildReport, dryRunJobSchema } from './dry-run-job.js';
import { meter } from './meter-requests.js';
import { withPeakRss } from './peak-rss.js';

const MB = 1024 * 1024;

const collectGarbage = (): number => {
  if (typeof globalThis.gc !== 'function') throw new Error('the dry-run child needs node --expose-gc');
  globalThis.gc();
  return process.memoryUsage().heapUsed / MB;
};

const job = dryRunJobSchema.parse(JSON.parse(process.env[DRY_RUN_JOB_VARIABLE] ?? 'null'));
const { documentClient, s3 } = createAwsClients({
  region: job.region,
  dynamoEndpoint: job.dynamoEndpoint,
  s3Endpoint: job.s3Endpoint,
  credentials: job.dynamoCredentials,
  s3Credentials: job.s3Credentials,
});
const metered = meter(documentClient);
const engine = createEngineDeps({
  documentClient,
  tableName: job.tableName,
  s3,
  bucket: job.bucket,
  maxBytes: job.maxBytes,
});

const baselineRssMb = process.memoryUsage.rss() / MB;
/** The largest live heap seen, after a forced GC at each tenth of the file: the overlay peaks mid-file. */
let liveHeapMaxMb: number | undefined;
let nextSample = 0;
const { result, seconds, peakMb } = await withPeakRss(async () =>
  processImport(engine, {
    workspaceId: job.workspaceId,
    importId: job.importId,
    runId: 'dry',
    source: await fileByteSource(job.path),
    leaseMs: 3_600_000,
    ...(job.batchRows ? { batchRows: job.batchRows } : {}),
    onProgress: (progress) => {
      if (progress.counts.rows < nextSample) return;
      nextSample = progress.counts.rows + job.rows / 10;
      liveHeapMaxMb = Math.max(liveHeapMaxMb ?? 0, collectGarbage());
    },
  }),
);
const heapUsedAfterGcMb = collectGarbage();
documentClient.destroy();
s3.destroy();

const report: DryRunChildReport = {
  pid: process.pid,
  status: result.status,
  seconds,
  baselineRssMb,
  sampledPeakRssMb: peakMb,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  heapUsedAfterGcMb,
  ...(liveHeapMaxMb !== undefined ? { liveHeapMaxMb } : {}),
  requests: metered.snapshot(),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
