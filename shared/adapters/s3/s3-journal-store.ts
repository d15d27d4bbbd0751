// S3 adapter of the JournalStore port: NDJSON segments under `journals/`, which a lifecycle rule expires.

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { JournalSegmentRef, JournalStore } from '../../ports/journal-store.js';

/** Kept for the revert window (the bucket's `expire-journals` rule), unlike the report's segments. */
export const JOURNAL_PREFIX = 'journals/';
export const journalPrefix = (workspaceId: string, importId: string) =>
  `${JOURNAL_PREFIX}${workspaceId}/${importId}/`;

const SEGMENT_KEY = /(\d{8})-(\d{12})\.ndjson$/;

export class S3JournalStore implements JournalStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putSegment(
    workspaceId: string,
    importId: string,
    ref: { segment: number; fromRow: number },
    body: string,
  ): Promise<void> {
    const name = `${String(ref.segment).padStart(8, '0')}-${String(ref.fromRow).padStart(12, '0')}.ndjson`;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${journalPrefix(workspaceId, importId)}${name}`,
        Body: Buffer.from(body, 'utf8'),
        ContentType: 'application/x-ndjson',
      }),
    );
  }

  async listSegments(workspaceId: string, importId: string): Promise<JournalSegmentRef[]> {
    const segments: JournalSegmentRef[] = [];
    let token: string | undefined;
    do {
      const response = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: journalPrefix(workspaceId, importId),
          ContinuationToken: token,
        }),
      );
      for (const object of response.Contents ?? []) {
        const match = object.Key ? SEGMENT_KEY.exec(object.Key) : null;
        if (match?.[1] && match[2] && object.Key) {
          segments.push({
            segment: Number(match[1]),
            fromRow: Number(match[2]),
            key: object.Key,
            ...(object.Size !== undefined ? { bytes: object.Size } : {}),
          });
        }
      }
      token = response.IsTruncated ? response.NextContinuationToken : undefined;
    } while (token);
    return segments;
  }

  async *readSegment(key: string): AsyncIterable<string> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const lines = createInterface({ input: response.Body as Readable, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) yield line;
  }
}
