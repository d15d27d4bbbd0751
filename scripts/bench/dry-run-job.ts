// What the bench hands its dry-run child process, and what the child reports back (one JSON line on stdout).

import { z } from 'zod';
import type { RequestTotals } from './meter-requests.js';

/** The environment variable that carries the job, as JSON. */
export const DRY_RUN_JOB_VARIABLE = 'BENCH_DRY_RUN_JOB';

const credentialsSchema = z.object({
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional(),
});

export const dryRunJobSchema = z.object({
  region: z.string().min(1),
  dynamoEndpoint: z.url(),
  s3Endpoint: z.url(),
  /**
   * The stack's own credentials: DynamoDB Local in memory (no -sharedDb) keeps one database per access key
   * and region, so the child must present the same ones to see the stack's table.
   */
  dynamoCredentials: credentialsSchema,
  s3Credentials: credentialsSchema,
  tableName: z.string().min(1),
  bucket: z.string().min(1),
  maxBytes: z.number().int().positive(),
  workspaceId: z.string().min(1),
  /** An import the bench created with `dryRun: true`. */
  importId: z.string().min(1),
  /** The CSV file, read from disk as `fileByteSource` reads it. */
  path: z.string().min(1),
  /** The file's data rows: the batch that reaches them is the last one. */
  rows: z.number().int().positive(),
  batchRows: z.number().int().positive().optional(),
});
export type DryRunJob = z.infer<typeof dryRunJobSchema>;

export interface DryRunChildReport {
  /** The child's process id: the figures are its own, not the bench's. */
  pid: number;
  status: string;
  seconds: number;
  /** The child's RSS before the run (clients built, code loaded). */
  baselineRssMb: number;
  /** The highest RSS sampled every 20 ms during the run. */
  sampledPeakRssMb: number;
  /** The kernel's high-water mark for the child (`process.resourceUsage().maxRSS`), over its whole life. */
  maxRssMb: number;
  /** Live heap after a forced full GC once the run has returned (the engine's state is garbage by then). */
  heapUsedAfterGcMb: number;
  /** The largest live heap after a forced full GC at each tenth of the file, while the dry run holds its overlay. */
  liveHeapMaxMb?: number;
  requests: RequestTotals;
}
