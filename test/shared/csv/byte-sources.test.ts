import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferByteSource } from '../../../shared/csv/buffer-byte-source.js';
import type { ByteSource } from '../../../shared/csv/byte-source.js';
import { fileByteSource } from '../../../shared/csv/file-byte-source.js';

async function readFrom(source: ByteSource, start: number): Promise<{ text: string; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of await source.open(start)) parts.push(Buffer.from(chunk));
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length };
}

describe('bufferByteSource', () => {
  it('serves the bytes from any offset in chunks of the size asked for', async () => {
    // Prepare
    const source = bufferByteSource(Buffer.from('name\nZoë\n'), 2);

    // Act
    const read = await readFrom(source, 5);

    // Assess
    expect(source.size).toBe(10);
    expect(read).toEqual({ text: 'Zoë\n', chunks: 3 });
  });
});

describe('fileByteSource', () => {
  it('gives the file size and streams the file from any offset', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'csv-source-'));
    const path = join(dir, 'contacts.csv');
    await writeFile(path, 'email\nzoe@example.com\n');

    try {
      // Act
      const source = await fileByteSource(path);
      const whole = await readFrom(source, 0);
      const rest = await readFrom(source, 6);
      const none = await readFrom(source, source.size);

      // Assess
      expect(source.size).toBe(22);
      expect(whole.text).toBe('email\nzoe@example.com\n');
      expect(rest.text).toBe('zoe@example.com\n');
      expect(none.text).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
