import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeWindows1252, readLatin1AsWindows1252 } from '../../../shared/csv/decode-windows-1252.js';

const UNDEFINED_BYTES = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

describe('decodeWindows1252', () => {
  it('reads every defined byte as iconv-lite does', () => {
    // Prepare
    const bytes = Buffer.from(
      Array.from({ length: 256 }, (_, byte) => byte).filter((b) => !UNDEFINED_BYTES.includes(b)),
    );

    // Act / Assess
    expect(decodeWindows1252(bytes)).toBe(iconv.decode(bytes, 'windows-1252'));
  });

  it('reads each undefined byte as the C1 control of the same number, one character per byte', () => {
    // Act
    const text = decodeWindows1252(Buffer.from(UNDEFINED_BYTES));

    // Assess
    expect([...text].map((char) => char.charCodeAt(0))).toEqual(UNDEFINED_BYTES);
  });

  it('turns the latin1 reading of euro and curly quotes into the Windows-1252 characters', () => {
    // Act / Assess
    expect(readLatin1AsWindows1252('\u0080 \u0093Zoë\u0094')).toBe('€ “Zoë”');
  });
});
