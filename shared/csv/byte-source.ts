// The port the CSV reader pulls bytes through: a sized byte sequence that can be opened at any offset.

/** Bytes of one file, readable from any offset so that a read can resume where an earlier one stopped. */
export interface ByteSource {
  /** Total number of bytes. */
  size: number;
  /** Streams the bytes from `start` (inclusive) to the end, in chunks, with backpressure. */
  open(start: number): Promise<AsyncIterable<Uint8Array>>;
  /**
   * The version of the bytes read so far (an S3 object's ETag), once a read has learnt it; every later read is
   * pinned to it. Undefined for sources that cannot change (a buffer, a local file under test).
   */
  version?(): string | undefined;
  /** Pins every read to `version` (what an earlier invocation read): a read of other bytes fails `file_changed`. */
  pin?(version: string): void;
}
