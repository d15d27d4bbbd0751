// The CLI's two outputs: results on stdout (written with back-pressure), messages for people on stderr.

export interface CliIo {
  /** Writes results (summary, table, JSON, CSV) to stdout; resolves once the stream took them. */
  write(text: string | Uint8Array): Promise<void>;
  /** A line for the person on stderr: notices, warnings, errors. */
  note(line: string): void;
  /** Whether stderr is a terminal (progress bars, "starting…" notices). */
  readonly interactive: boolean;
  readonly stderr: NodeJS.WriteStream;
}

export const createCliIo = (
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): CliIo => ({
  write: (text) =>
    new Promise<void>((resolve, reject) => {
      stdout.write(text, (error) => (error ? reject(error) : resolve()));
    }),
  note: (line) => {
    stderr.write(`${line}\n`);
  },
  interactive: Boolean(stderr.isTTY),
  stderr,
});
