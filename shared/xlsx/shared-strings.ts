// The workbook's shared-strings table, held compactly: UTF-8 bytes in large segments and two numbers per string.

import { ImportError } from '../errors.js';

/**
 * The table must be in memory while the sheet is read (cells name strings by index, in any order). Held as JS
 * strings it would cost about 50 bytes plus the text per string, and strings sliced from the parser's chunks
 * would keep those chunks alive; here it costs the text's UTF-8 bytes plus 8 bytes per string, bounded below.
 */
export const MAX_SHARED_STRING_BYTES = 256 * 1024 * 1024;
const SEGMENT_BYTES = 16 * 1024 * 1024;
/** Excel's 32,767 characters per cell, at up to 4 UTF-8 bytes each. */
const MAX_STRING_BYTES = 4 * 32_767;

export class SharedStrings {
  private segments: Buffer[] = [];
  private used = 0;
  private total = 0;
  /** Per string: its segment and offset packed as segment * SEGMENT_BYTES + offset, and its byte length. */
  private starts = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Bytes held: the text and the index. */
  get bytes(): number {
    return (
      this.segments.reduce((sum, segment) => sum + segment.length, 0) +
      this.starts.byteLength +
      this.lengths.byteLength
    );
  }

  add(text: string): void {
    const length = Buffer.byteLength(text, 'utf8');
    this.total += length;
    if (this.total > MAX_SHARED_STRING_BYTES) {
      throw new ImportError(
        'file_too_large',
        `the workbook's shared strings hold more than ${MAX_SHARED_STRING_BYTES / 1024 / 1024} MiB of text, more than the importer keeps in memory; save the sheet as "CSV UTF-8" and import that file`,
      );
    }
    if (length > MAX_STRING_BYTES) {
      throw new ImportError(
        'malformed_csv',
        `shared string ${this.count} of the workbook is ${length} bytes long; a cell holds at most 32,767 characters`,
      );
    }
    let segment = this.segments[this.segments.length - 1];
    if (!segment || this.used + length > segment.length) {
      // Small workbooks take small segments; large ones grow to SEGMENT_BYTES each.
      const size = Math.min(SEGMENT_BYTES, Math.max(64 * 1024, 2 * (segment?.length ?? 0), length));
      segment = Buffer.allocUnsafe(size);
      this.segments.push(segment);
      this.used = 0;
    }
    segment.write(text, this.used, 'utf8');
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = (this.segments.length - 1) * SEGMENT_BYTES + this.used;
    this.lengths[this.count] = length;
    this.count += 1;
    this.used += length;
  }

  /** The string at `index`, or undefined when the table has no such string. */
  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const start = this.starts[index] as number;
    const segment = this.segments[Math.floor(start / SEGMENT_BYTES)] as Buffer;
    const offset = start % SEGMENT_BYTES;
    return segment.toString('utf8', offset, offset + (this.lengths[index] as number));
  }

  private grow(): void {
    const starts = new Float64Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const lengths = new Uint32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.lengths = lengths;
  }
}
