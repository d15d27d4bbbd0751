import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../local/stack.js';
import { newImportId } from '../../shared/ids.js';
import { createImport } from '../../shared/import/create-import.js';

const dataDir = mkdtempSync(join(tmpdir(), 'stalled-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a local import whose process died', () => {
  it('resumes from its checkpoint when a stack starts again on the same data', {
    timeout: 120_000,
  }, async () => {
    // Prepare: an import claimed by a run that died (its lease has run out), with its file in the bucket.
    const first = await startLocalStack({ dataDir, quiet: true });
    const importId = newImportId();
    const objectKey = `staging/acme/${importId}.csv`;
    await first.s3.send(
      new PutObjectCommand({
        Bucket: first.bucket,
        Key: objectKey,
        Body: 'Email,Name\nlazarus@x.com,Lazarus\n',
      }),
    );
    await createImport(
      first.engine,
      { workspaceId: 'acme', importId, source: 'cli', fileName: 'c.csv', objectKey, options: {} },
      [],
    );
    await first.engine.imports.claimImport('acme', importId, {
      runId: 'died',
      leaseUntil: Date.now() - 1,
      now: Date.now(),
    });
    await first.stop();
    // Act
    const second = await startLocalStack({ dataDir, quiet: true });
    await second.idle();
    const stored = await second.engine.imports.getImport('acme', importId);
    await second.stop();
    // Assess
    expect(stored?.record.status).toBe('completed');
    expect(stored?.progress.counts).toMatchObject({ rows: 1, created: 1 });
  });
});
