// The port for the error report: segments written as the import goes, one CSV assembled at the end.

export interface ReportSegmentRef {
  segment: number;
  fromRow: number;
  key: string;
}

export interface ReportStore {
  /** Stores one segment (NDJSON lines) covering rows from `fromRow` on; written before the rows are committed. */
  putSegment(
    workspaceId: string,
    importId: string,
    ref: { segment: number; fromRow: number },
    body: string,
  ): Promise<void>;
  listSegments(workspaceId: string, importId: string): Promise<ReportSegmentRef[]>;
  readSegment(key: string): AsyncIterable<string>;
  /** Streams the final CSV report to its object; returns the object's key. */
  writeReport(workspaceId: string, importId: string, chunks: AsyncIterable<string>): Promise<string>;
  openReport(key: string): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Keeps what a paused dry run holds in memory (JSON), for the invocation that continues it. */
  putDryRunState(workspaceId: string, importId: string, body: string): Promise<void>;
  getDryRunState(workspaceId: string, importId: string): Promise<string | undefined>;
  /**
   * Deletes what a finished import kept only while it ran: its segments and a paused dry run's state. Both hold
   * cells of rows (personal data), and the report has what the segments had.
   */
  deleteRunState(workspaceId: string, importId: string): Promise<void>;
}
