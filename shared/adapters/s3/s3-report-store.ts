// S3 adapter of the ReportStore port: NDJSON segments under the import's prefix, the CSV report beside them.

import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ReportSegmentRef, ReportStore } from '../../ports/report-store.js';
import { NdjsonSegments } from './ndjson-segments.js';

export const reportPrefix = (workspaceId: string, importId: string) => `reports/${workspaceId}/${importId}/`;

/** lib-storage's part size: a report below it needs no multipart upload. */
const SINGLE_PUT_BYTES = 5 * 1024 * 1024;
const segmentPrefix = (workspaceId: string, importId: string) =>
  `${reportPrefix(workspaceId, importId)}segments/`;

export class S3ReportStore implements ReportStore {
  private readonly segments: NdjsonSegments;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {
    this.segments = new NdjsonSegments(client, bucket);
  }

  putSegment(
    workspaceId: string,
    importId: string,
    ref: { segment: number; fromRow: number },
    body: string,
  ): Promise<void> {
    return this.segments.put(segmentPrefix(workspaceId, importId), ref, body);
  }

  listSegments(workspaceId: string, importId: string): Promise<ReportSegmentRef[]> {
    return this.segments.list(segmentPrefix(workspaceId, importId));
  }

  readSegment(key: string): AsyncIterable<string> {
    return this.segments.read(key);
  }

  /** A report that fits one part is one PutObject of known length; a larger one streams as a multipart upload. */
  async writeReport(workspaceId: string, importId: string, chunks: AsyncIterable<string>): Promise<string> {
    const key = `${reportPrefix(workspaceId, importId)}errors.csv`;
    const params = { Bucket: this.bucket, Key: key, ContentType: 'text/csv; charset=utf-8' };
    const iterator = chunks[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let headBytes = 0;
    let next = await iterator.next();
    while (!next.done && headBytes < SINGLE_PUT_BYTES) {
      const bytes = Buffer.from(next.value, 'utf8');
      head.push(bytes);
      headBytes += bytes.length;
      next = await iterator.next();
    }
    if (next.done) {
      await this.client.send(new PutObjectCommand({ ...params, Body: Buffer.concat(head) }));
      return key;
    }
    const first = next.value;
    const rest = (async function* () {
      yield* head;
      yield Buffer.from(first, 'utf8');
      for (let more = await iterator.next(); !more.done; more = await iterator.next()) {
        yield Buffer.from(more.value, 'utf8');
      }
    })();
    const upload = new Upload({ client: this.client, params: { ...params, Body: Readable.from(rest) } });
    await upload.done();
    return key;
  }

  async openReport(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return response.Body as AsyncIterable<Uint8Array>;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async putDryRunState(workspaceId: string, importId: string, body: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${reportPrefix(workspaceId, importId)}dry-run-state.json`,
        Body: Buffer.from(body, 'utf8'),
        ContentType: 'application/json',
      }),
    );
  }

  async deleteRunState(workspaceId: string, importId: string): Promise<void> {
    const keys = [
      ...(await this.listSegments(workspaceId, importId)).map((segment) => segment.key),
      `${reportPrefix(workspaceId, importId)}dry-run-state.json`,
    ];
    // DeleteObjects takes 1,000 keys; a key that is not there is deleted all the same.
    for (let from = 0; from < keys.length; from += 1000) {
      const response = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.slice(from, from + 1000).map((Key) => ({ Key })), Quiet: true },
        }),
      );
      if (response.Errors?.length) {
        throw new Error(`${response.Errors.length} objects of the import's run state were not deleted`);
      }
    }
  }

  async getDryRunState(workspaceId: string, importId: string): Promise<string | undefined> {
    const body = await this.openReport(`${reportPrefix(workspaceId, importId)}dry-run-state.json`);
    if (!body) return undefined;
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
}
