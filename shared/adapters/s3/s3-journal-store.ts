// S3 adapter of the JournalStore port: NDJSON segments under `journals/`, which a lifecycle rule expires.

import type { S3Client } from '@aws-sdk/client-s3';
import type { JournalSegmentRef, JournalStore } from '../../ports/journal-store.js';
import { NdjsonSegments } from './ndjson-segments.js';

/** Kept for the revert window (the bucket's `expire-journals` rule), unlike the report's segments. */
export const JOURNAL_PREFIX = 'journals/';
export const journalPrefix = (workspaceId: string, importId: string) =>
  `${JOURNAL_PREFIX}${workspaceId}/${importId}/`;

export class S3JournalStore implements JournalStore {
  private readonly segments: NdjsonSegments;

  constructor(client: S3Client, bucket: string) {
    this.segments = new NdjsonSegments(client, bucket);
  }

  putSegment(
    workspaceId: string,
    importId: string,
    ref: { segment: number; fromRow: number },
    body: string,
  ): Promise<void> {
    return this.segments.put(journalPrefix(workspaceId, importId), ref, body);
  }

  listSegments(workspaceId: string, importId: string): Promise<JournalSegmentRef[]> {
    return this.segments.list(journalPrefix(workspaceId, importId));
  }

  readSegment(key: string): AsyncIterable<string> {
    return this.segments.read(key);
  }
}
