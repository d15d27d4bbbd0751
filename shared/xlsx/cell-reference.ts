// Column letters of an A1 cell reference as a 0-based column number.

/** `B7` → 1; undefined when the reference starts with no column letters. */
export const columnOf = (ref: string): number | undefined => {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return i === 0 ? undefined : column - 1;
};
