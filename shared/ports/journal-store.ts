// The port for an import's journal (SPEC §10): one segment per batch, kept for the revert window.

export interface JournalSegmentRef {
  segment: number;
  fromRow: number;
  key: string;
  /** The object's size, when the store knows it. */
  bytes?: number;
}

export interface JournalStore {
  /**
   * Stores one segment (NDJSON, a JournalUnit a line) covering rows from `fromRow` on; written before the batch's
   * transactions, so a unit that commits is always in a segment. A later segment supersedes rows from its fromRow.
   */
  putSegment(
    workspaceId: string,
    importId: string,
    ref: { segment: number; fromRow: number },
    body: string,
  ): Promise<void>;
  listSegments(workspaceId: string, importId: string): Promise<JournalSegmentRef[]>;
  readSegment(key: string): AsyncIterable<string>;
}
