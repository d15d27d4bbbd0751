// The imports a stack finds unfinished when it starts, and the hand-over of one from a dead run to a new one.

import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStalledImports } from '../../../shared/adapters/dynamodb/dynamodb-stalled-imports.js';
import { createEngineDeps } from '../../../shared/adapters/engine-deps.js';
import { newImportId } from '../../../shared/ids.js';
import { createImport } from '../../../shared/import/create-import.js';
import type { ImportEngineDeps } from '../../../shared/import/run-import.js';
import { createTestEnv, type TestEnv } from '../../support/test-env.js';

let env: TestEnv;
let deps: ImportEngineDeps;
let stalled: DynamoDbStalledImports;

beforeAll(async () => {
  env = await createTestEnv();
  deps = createEngineDeps({ ...env, maxBytes: 1024 ** 3 });
  stalled = new DynamoDbStalledImports(env.documentClient, env.tableName);
});

const registerImport = async (workspaceId: string) => {
  const importId = newImportId();
  const objectKey = `uploads/${workspaceId}/${importId}.csv`;
  await createImport(
    deps,
    { workspaceId, importId, source: 'upload', fileName: 'c.csv', objectKey, options: {} },
    [],
  );
  return { importId, objectKey };
};

describe('DynamoDbStalledImports', () => {
  it('lists the pending and the claimed imports with their run and lease, and not the finished ones', async () => {
    // Prepare
    const pending = await registerImport('acme');
    const claimed = await registerImport('globex');
    await deps.imports.claimImport('globex', claimed.importId, { runId: 'run-1', leaseUntil: 1234, now: 0 });
    const finished = await registerImport('acme');
    await deps.imports.claimImport('acme', finished.importId, { runId: 'run-2', leaseUntil: 1, now: 0 });
    await deps.imports.finishImport('acme', finished.importId, {
      runId: 'run-2',
      status: 'completed',
      finishedAt: new Date().toISOString(),
    });
    // Act
    const unfinished = await stalled.listUnfinished();
    // Assess
    expect(unfinished).toHaveLength(2);
    expect(unfinished).toContainEqual({ workspaceId: 'acme', ...pending });
    expect(unfinished).toContainEqual({
      workspaceId: 'globex',
      ...claimed,
      runId: 'run-1',
      leaseUntil: 1234,
    });
  });

  it('hands an import over only from the run that still holds it, once', async () => {
    // Prepare
    const { importId } = await registerImport('initech');
    await deps.imports.claimImport('initech', importId, {
      runId: 'dead',
      leaseUntil: Date.now() + 60_000,
      now: 0,
    });
    const handover = { fromRunId: 'dead', leaseUntil: Date.now() + 60_000 };
    // Act
    const first = await stalled.takeOver('initech', importId, { ...handover, runId: 'stack-b' });
    const second = await stalled.takeOver('initech', importId, { ...handover, runId: 'stack-c' });
    // Assess: the run that took it resumes it as its own claim; the dead one and the late one are refused.
    expect([first, second]).toEqual([true, false]);
    const claim = { leaseUntil: Date.now() + 60_000, now: Date.now() };
    expect(await deps.imports.claimImport('initech', importId, { ...claim, runId: 'dead' })).toBeUndefined();
    expect(await deps.imports.claimImport('initech', importId, { ...claim, runId: 'stack-b' })).toBeDefined();
  });
});
