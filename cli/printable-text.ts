// Cells shown on a terminal come from CSV files: control and bidi characters must not reach it.

/** C0/C1 controls (escape sequences), and the bidi overrides that can make text read differently. */
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

export const toPrintable = (value: string): string => value.replace(UNSAFE, ' ');
