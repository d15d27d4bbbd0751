// An import's NDJSON segments in S3, one object a batch named by its segment and first row: the report's and the
// journal's, each under its own prefix.

import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface SegmentObject {
  segment: number;
  fromRow: number;
  key: string;
  /** The object's size, when S3 lists it. */
  bytes?: number;
}

const SEGMENT_NAME = /(\d{8})-(\d{12})\.ndjson$/;

export class NdjsonSegments {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(prefix: string, ref: { segment: number; fromRow: number }, body: string): Promise<void> {
    const name = `${String(ref.segment).padStart(8, '0')}-${String(ref.fromRow).padStart(12, '0')}.ndjson`;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${prefix}${name}`,
        // A Buffer, not a string: the SDK sends an empty string without a length (and warns of a stream).
        Body: Buffer.from(body, 'utf8'),
        ContentType: 'application/x-ndjson',
      }),
    );
  }

  async list(prefix: string): Promise<SegmentObject[]> {
    const segments: SegmentObject[] = [];
    let token: string | undefined;
    do {
      const response = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of response.Contents ?? []) {
        const match = object.Key ? SEGMENT_NAME.exec(object.Key) : null;
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

  async *read(key: string): AsyncIterable<string> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const lines = createInterface({ input: response.Body as Readable, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) yield line;
  }
}
