// Imports one file in this process through the engine (as the import function would, in one invocation), with
// a deadline: a run that has not finished by then is reported as such, never waited for without end.

import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { LocalStack } from '../../local/stack.js';
import { fileByteSource } from '../../shared/csv/file-byte-source.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import type { ImportCounts } from '../../shared/import/import-record.js';
import { processImport } from '../../shared/import/process-import.js';

export interface ImportedFile {
  importId: string;
  /** `completed`, or what stopped it: `timed_out` when the deadline passed first, `threw` on an error. */
  status: string;
  /** The error a run that threw ended with (its name and message: no row's data). */
  error?: string;
  seconds: number;
  counts: ImportCounts;
  /** The last row the import's checkpoint reached. */
  row: number;
}

export const importFile = async (
  stack: LocalStack,
  workspaceId: string,
  path: string,
  options: { deadlineSeconds?: number; fileName?: string } = {},
): Promise<ImportedFile> => {
  const importId = newImportId();
  const objectKey = `seed/${workspaceId}/${importId}.csv`;
  await stack.s3.send(
    new PutObjectCommand({ Bucket: stack.bucket, Key: objectKey, Body: readFileSync(path) }),
  );
  await createImport(
    stack.engine,
    {
      workspaceId,
      importId,
      source: 'cli',
      fileName: options.fileName ?? 'bench.csv',
      objectKey,
      options: {},
    },
    [],
  );
  const started = performance.now();
  const deadline =
    options.deadlineSeconds === undefined ? Infinity : started + options.deadlineSeconds * 1000;
  const run = processImport(stack.engine, {
    workspaceId,
    importId,
    runId: `bench-${importId}`,
    source: await fileByteSource(path),
    leaseMs: 3_600_000,
    shouldPause: () => performance.now() > deadline,
  });
  // A run stuck inside a request never asks shouldPause: the deadline ends the wait for it all the same.
  run.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed_out'>((resolve) => {
    if (deadline !== Infinity) timer = setTimeout(() => resolve('timed_out'), deadline - started + 5_000);
  });
  const outcome = await Promise.race([
    run.then(
      (result) => result.status,
      (error: unknown) => ({
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }),
    ),
    timedOut,
  ]);
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const stored = await stack.engine.imports.getImport(workspaceId, importId);
  const progress = stored?.progress;
  const status =
    typeof outcome === 'object'
      ? 'threw'
      : outcome === 'paused' || outcome === 'timed_out'
        ? 'timed_out'
        : outcome;
  return {
    importId,
    status,
    ...(typeof outcome === 'object' ? { error: outcome.error } : {}),
    seconds,
    counts: progress?.counts ?? ({} as ImportCounts),
    row: progress?.row ?? 0,
  };
};
