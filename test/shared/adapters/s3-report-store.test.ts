import { beforeAll, describe, expect, it } from 'vitest';
import { S3ReportStore } from '../../../shared/adapters/s3/s3-report-store.js';
import { createTestEnv, type TestEnv } from '../../support/test-env.js';

let env: TestEnv;
let store: S3ReportStore;
const sent: string[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  env.s3.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? '');
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  store = new S3ReportStore(env.s3, env.bucket);
});

const readText = async (key: string) => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of (await store.openReport(key)) ?? []) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

async function* linesOf(count: number, width: number) {
  for (let i = 0; i < count; i++) yield `${String(i).padStart(8, '0')},${'é'.repeat(width)}\r\n`;
}

describe('S3ReportStore', () => {
  it('writes a report that fits one part with one PutObject of known length', async () => {
    // Act
    sent.length = 0;
    const key = await store.writeReport('ws', 'small', linesOf(100, 20));
    // Assess
    expect(sent).toEqual(['PutObjectCommand']);
    const text = await readText(key);
    expect(text.split('\r\n')).toHaveLength(101);
    expect(text.startsWith('00000000,éé')).toBe(true);
  });

  it('streams a report larger than one part as a multipart upload, every byte in order', async () => {
    // Act: ~7.7 MB of two-byte characters
    sent.length = 0;
    const key = await store.writeReport('ws', 'large', linesOf(20_000, 190));
    // Assess
    expect(sent).toContain('CreateMultipartUploadCommand');
    expect(sent).toContain('CompleteMultipartUploadCommand');
    const lines = (await readText(key)).split('\r\n');
    expect(lines).toHaveLength(20_001);
    expect(lines[12_345]).toBe(`00012345,${'é'.repeat(190)}`);
  });

  it('lists the segments of an import with more than one page of them (1,000 keys a page)', async () => {
    // Prepare: 1,100 segments, as a long import with errors in most batches leaves
    for (let from = 0; from < 1_100; from += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.putSegment('ws', 'many', { segment: from + i, fromRow: (from + i) * 500 }, '{}'),
        ),
      );
    }
    // Act
    const segments = await store.listSegments('ws', 'many');
    // Assess
    expect(segments).toHaveLength(1_100);
    expect(new Set(segments.map((s) => s.segment)).size).toBe(1_100);
    expect(segments.find((s) => s.segment === 1_099)?.fromRow).toBe(549_500);
  });

  it('keeps a paused dry run state, and has none for an import that kept nothing', async () => {
    // Act
    await store.putDryRunState('ws', 'dry', '{"version":1}');
    // Assess
    expect(await store.getDryRunState('ws', 'dry')).toBe('{"version":1}');
    expect(await store.getDryRunState('ws', 'other')).toBeUndefined();
  });
});
