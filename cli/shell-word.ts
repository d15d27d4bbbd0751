// Quotes a word for the commands the CLI suggests, so that a person can paste them into a POSIX shell.

/** The word as it is when the shell reads it unchanged, else in single quotes. */
export const shellWord = (value: string): string =>
  /^[\w.@%+=:,/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
