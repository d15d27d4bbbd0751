// The port the CSV reader pulls bytes through: a sized byte sequence that can be opened at any offset.

/** Bytes of one file, readable from any offset so that a read can resume where an earlier one stopped. */
export interface ByteSource {
  /** Total number of bytes. */
  size: number;
  /** Streams the bytes from `start` (inclusive) to the end, in chunks, with backpressure. */
  open(start: number): Promise<AsyncIterable<Uint8Array>>;
}
