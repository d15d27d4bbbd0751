// Byte-exact Windows-1252 decoding on top of latin1: one byte is always one UTF-16 code unit.

/**
 * What bytes 0x80–0x9F mean in Windows-1252 (WHATWG encoding standard). The five bytes the code
 * page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay the C1 control of the same number,
 * as browsers do, rather than U+FFFD (iconv-lite), so no byte is lost or merged. Bytes outside
 * this range mean in Windows-1252 what they mean in latin1.
 */
const HIGH_CONTROLS =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021' +
  '\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014' +
  '\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const LATIN1_C1 = /[\u0080-\u009f]/;
const LATIN1_C1_ALL = /[\u0080-\u009f]/g;

const toWindows1252 = (char: string): string => HIGH_CONTROLS.charAt(char.charCodeAt(0) - 0x80);

/** Turns text decoded as latin1 into the Windows-1252 reading of the same bytes. */
export function readLatin1AsWindows1252(text: string): string {
  return LATIN1_C1.test(text) ? text.replace(LATIN1_C1_ALL, toWindows1252) : text;
}

/** Decodes Windows-1252 bytes, one character per byte. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return readLatin1AsWindows1252(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
  );
}
