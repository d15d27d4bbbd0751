// The bench's `shared-phone` phase: rows with distinct emails that all share one phone (a switchboard, a
// placeholder) against rows with a phone each, each imported into a workspace of its own, with a deadline.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { LocalStack } from '../../local/stack.js';
import { type ImportedFile, importFile } from './import-file.js';

const HEADER = 'First Name,Last Name,Email,Phone';
/** The placeholder issue 13 names: a switchboard number on thousands of rows. */
export const SHARED_PHONE = '+1 212 555 0100';

const writeCsv = async (path: string, lines: Iterable<string>) => {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
};

export interface PhoneRun extends ImportedFile {
  rowsPerSecond: number;
  /** Completed, and created one contact a row (the emails all differ). */
  countsExact: boolean;
}

const run = async (
  stack: LocalStack,
  workspaceId: string,
  path: string,
  rows: number,
  deadlineSeconds: number,
): Promise<PhoneRun> => {
  const imported = await importFile(stack, workspaceId, path, { deadlineSeconds });
  return {
    ...imported,
    rowsPerSecond: (imported.counts.rows ?? 0) / imported.seconds,
    countsExact:
      imported.status === 'completed' && imported.counts.created === rows && imported.counts.rows === rows,
  };
};

/**
 * The distinct phones first; the shared phone then gets four times their time (at least a minute): one that has
 * not finished by then is reported `timed_out` with the row its checkpoint reached.
 */
export const measureSharedPhone = async (
  stack: LocalStack,
  dir: string,
  rows: number,
): Promise<{ distinct: PhoneRun; shared: PhoneRun; deadlineSeconds: number; ratio: number | undefined }> => {
  const pad = (n: number) => String(n).padStart(6, '0');
  const distinctPath = join(dir, `phone-distinct-${rows}.csv`);
  const sharedPath = join(dir, `phone-shared-${rows}.csv`);
  await writeCsv(distinctPath, [
    HEADER,
    ...Array.from({ length: rows }, (_, i) => `Ana${i},Silva,d${i}@phones.example,+44 7911 ${pad(i)}`),
  ]);
  await writeCsv(sharedPath, [
    HEADER,
    ...Array.from({ length: rows }, (_, i) => `Ana${i},Silva,s${i}@phones.example,${SHARED_PHONE}`),
  ]);
  const distinct = await run(stack, 'bench-phone-distinct', distinctPath, rows, 3600);
  if (!distinct.countsExact) {
    throw new Error(
      `${rows} rows with distinct phones ended ${distinct.status}, counts ${JSON.stringify(distinct.counts)}`,
    );
  }
  const deadlineSeconds = Math.max(60, Math.ceil(distinct.seconds * 4));
  const shared = await run(stack, 'bench-phone-shared', sharedPath, rows, deadlineSeconds);
  return {
    distinct,
    shared,
    deadlineSeconds,
    ratio: shared.status === 'completed' ? shared.rowsPerSecond / distinct.rowsPerSecond : undefined,
  };
};
