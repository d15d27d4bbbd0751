// The engine's own ceiling: a dry run over the file with storage that answers at once (an empty workspace), so
// what is measured is parsing, detection, normalisation, matching and planning, not DynamoDB's round trips.

import { MemoryImportStore } from '../../shared/adapters/memory/memory-import-store.js';
import { MemoryReportStore } from '../../shared/adapters/memory/memory-report-store.js';
import { fileByteSource } from '../../shared/csv/file-byte-source.js';
import { createImport } from '../../shared/import/create-import.js';
import type { ImportCounts } from '../../shared/import/import-record.js';
import { runImport } from '../../shared/import/run-import.js';
import type { ContactStore } from '../../shared/ports/contact-store.js';

export const dryRunWithoutStorage = async (
  path: string,
): Promise<{ seconds: number; counts: ImportCounts }> => {
  const imports = new MemoryImportStore();
  const workspaceId = 'bench';
  const importId = 'engine-only';
  const now = () => new Date();
  await createImport(
    { imports, now },
    {
      workspaceId,
      importId,
      source: 'cli',
      fileName: 'bench.csv',
      objectKey: 'bench.csv',
      options: { dryRun: true },
    },
    [],
  );
  await imports.claimImport(workspaceId, importId, {
    runId: 'engine-only',
    leaseUntil: Number.MAX_SAFE_INTEGER,
  });
  const contacts: ContactStore = {
    lookupKeys: async () => ({ emails: new Map(), phones: new Map() }),
    phoneMembers: async () => new Map(),
    getContacts: async () => new Map(),
    writeBatch: async (batch) => {
      if (batch.progress) imports.saveProgress(workspaceId, importId, batch.progress.next, batch.errors);
    },
  };
  let id = 0;
  const source = await fileByteSource(path);
  const started = performance.now();
  const result = await runImport(
    {
      contacts,
      imports,
      reports: new MemoryReportStore(),
      customFields: {
        listCustomFields: async () => [],
        createCustomField: async () => {
          throw new Error('not in a bench');
        },
      },
      newContactId: () => `c${id++}`,
      now,
      maxBytes: Number.MAX_SAFE_INTEGER,
    },
    { workspaceId, importId, runId: 'engine-only', source },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 'completed' || !result.progress)
    throw new Error(`the engine-only dry run ended ${result.status}`);
  return { seconds, counts: result.progress.counts };
};
