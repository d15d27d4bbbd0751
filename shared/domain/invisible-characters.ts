// The characters text is cleared of (SPEC §3): controls but tab and line ends, zero-width marks, soft hyphens, bidi controls.

/**
 * C0 controls but tab, line feed and carriage return; DEL and the C1 set; the soft hyphen; the Mongolian vowel
 * separator; zero-width space, non-joiner and joiner; the left-to-right and right-to-left marks; the bidi
 * embeddings, overrides and isolates; the word joiner and invisible operators; the Arabic letter mark; the BOM
 * (a zero-width no-break space in the middle of text).
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is what it is for.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const HAS_INVISIBLE = new RegExp(INVISIBLE.source, 'u');
/** Text of ASCII letters only is NFC already, and is most text: it skips the normalisation. */
const NON_ASCII = /[\u0080-\uffff]/;

/** True when `text` holds a character SPEC §3 removes from text (and that makes an email invalid). */
export const hasInvisibleCharacters = (text: string): boolean => HAS_INVISIBLE.test(text);

/** `text` in Unicode NFC, without the characters SPEC §3 removes, trimmed again (a mark may have hidden a space). */
export const cleanText = (text: string): string => {
  const normalized = NON_ASCII.test(text) ? text.normalize('NFC') : text;
  return HAS_INVISIBLE.test(normalized) ? normalized.replace(INVISIBLE, '').trim() : normalized;
};
