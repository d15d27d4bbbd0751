// A ByteSource over bytes already in memory, for tests and small inputs such as an API request body.

import type { ByteSource } from './byte-source.js';

const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** Serves `bytes` in chunks of `chunkBytes` (tests use tiny chunks to split characters and line ends). */
export function bufferByteSource(bytes: Uint8Array, chunkBytes: number = DEFAULT_CHUNK_BYTES): ByteSource {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }
  return {
    size: bytes.length,
    open: async (start) => streamChunks(bytes, start, chunkBytes),
  };
}

async function* streamChunks(
  bytes: Uint8Array,
  start: number,
  chunkBytes: number,
): AsyncGenerator<Uint8Array> {
  for (let offset = Math.max(0, start); offset < bytes.length; offset += chunkBytes) {
    yield bytes.subarray(offset, offset + chunkBytes);
  }
}
