// A ByteSource over a local file, read with fs streams so that memory stays bounded.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ByteSource } from './byte-source.js';

const READ_CHUNK_BYTES = 64 * 1024;

/** Opens `path` lazily at any offset; the size is taken once, when the source is created. */
export async function fileByteSource(path: string): Promise<ByteSource> {
  const { size } = await stat(path);
  return {
    size,
    open: async (start) => createReadStream(path, { start, highWaterMark: READ_CHUNK_BYTES }),
  };
}
