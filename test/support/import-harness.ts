// Runs whole imports through the real engine, DynamoDB Local and the S3 emulator, as the import Lambda will.

import { DynamoDbContactQueries } from '../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { createEngineDeps } from '../../shared/adapters/engine-deps.js';
import { s3ByteSource } from '../../shared/adapters/s3/s3-byte-source.js';
import type { Contact } from '../../shared/domain/contact.js';
import type { CustomField } from '../../shared/domain/fields.js';
import type { ImportOptionsInput } from '../../shared/domain/import-options.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';
import { buildSummary, type ImportSummary } from '../../shared/import/import-record.js';
import { processImport } from '../../shared/import/process-import.js';
import type { ImportEngineDeps } from '../../shared/import/run-import.js';
import { putObjectSettled } from './put-object.js';
import { createTestEnv, type TestEnv } from './test-env.js';

export interface ImportCsvOptions {
  workspaceId?: string;
  options?: ImportOptionsInput;
  batchRows?: number;
  /** Pause after this many batches in each run, then resume in a new "invocation". */
  pauseEvery?: number;
  fileName?: string;
  /** The importer's size limit for this import (S3 emulators do not enforce a POST policy's). */
  maxBytes?: number;
}

export interface ImportResult {
  summary: ImportSummary;
  report: string;
  runs: number;
  importId: string;
}

export interface Harness {
  env: TestEnv;
  deps: ImportEngineDeps;
  /** DynamoDB requests sent since the last reset, by command name. */
  requests: Map<string, number>;
  importCsv(csv: string | Uint8Array, options?: ImportCsvOptions): Promise<ImportResult>;
  contacts(workspaceId?: string): Promise<Contact[]>;
  addCustomField(field: CustomField, workspaceId?: string): Promise<void>;
}

const readAll = async (body: AsyncIterable<Uint8Array> | undefined): Promise<string> => {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * `commitConcurrency`: transactions of one batch in flight at once (the engine's default when absent); 1 gives a
 * reference that commits one transaction at a time.
 */
export const createHarness = async (settings: { commitConcurrency?: number } = {}): Promise<Harness> => {
  const env = await createTestEnv();
  const deps = createEngineDeps({ ...env, maxBytes: 5 * 1024 ** 3, ...settings });
  const queries = new DynamoDbContactQueries(env.documentClient, env.tableName);
  const requests = new Map<string, number>();
  env.documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      requests.set(name, (requests.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );

  const importCsv = async (csv: string | Uint8Array, opts: ImportCsvOptions = {}): Promise<ImportResult> => {
    const workspaceId = opts.workspaceId ?? 'ws1';
    const importId = newImportId();
    const objectKey = `uploads/${workspaceId}/${importId}.csv`;
    const body = typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv;
    await putObjectSettled(env.s3, { Bucket: env.bucket, Key: objectKey, Body: body });
    const customFields = await deps.customFields.listCustomFields(workspaceId);
    await createImport(
      deps,
      {
        workspaceId,
        importId,
        source: 'cli',
        fileName: opts.fileName ?? 'contacts.csv',
        objectKey,
        options: opts.options ?? {},
      },
      customFields,
    );
    let runs = 0;
    for (;;) {
      runs++;
      let batches = 0;
      const source = await s3ByteSource(env.s3, env.bucket, objectKey);
      const result = await processImport(opts.maxBytes ? { ...deps, maxBytes: opts.maxBytes } : deps, {
        workspaceId,
        importId,
        runId: `run-${importId}`,
        source,
        leaseMs: 60_000,
        ...(opts.batchRows ? { batchRows: opts.batchRows } : {}),
        ...(opts.pauseEvery ? { shouldPause: () => ++batches >= (opts.pauseEvery ?? 1) } : {}),
      });
      if (result.status !== 'paused') break;
      if (runs > 10_000) throw new Error('import never finished');
    }
    const stored = await deps.imports.getImport(workspaceId, importId);
    if (!stored) throw new Error('import vanished');
    const report = stored.record.reportKey
      ? await readAll(await deps.reports.openReport(stored.record.reportKey))
      : '';
    return { summary: buildSummary(stored.record, stored.progress, stored.errors), report, runs, importId };
  };

  const contacts = async (workspaceId = 'ws1'): Promise<Contact[]> => {
    const all: Contact[] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.listContacts(workspaceId, {}, { limit: 500, ...(cursor ? { cursor } : {}) });
      all.push(...page.contacts.map(({ value }) => value));
      cursor = page.cursor;
    } while (cursor);
    return all;
  };

  const addCustomField = (field: CustomField, workspaceId = 'ws1') =>
    deps.customFields.createCustomField(workspaceId, field);

  return { env, deps, requests, importCsv, contacts, addCustomField };
};
