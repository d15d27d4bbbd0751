import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/cli-io.js';
import { runCli } from '../../cli/run-cli.js';

/** The CLI's outputs, kept in memory. */
const memoryIo = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    write: async (text) => {
      out.push(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
    },
    note: (line) => {
      err.push(line);
    },
    interactive: false,
    stderr: process.stderr,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('\n') };
};

describe('runCli', () => {
  it('prints the overall help on stdout and exits 0', async () => {
    const { io, stdout } = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(stdout()).toContain('Usage: contacts-import COMMAND [options]');
    expect(stdout()).toMatch(/import +import a CSV file and print its summary/);
  });

  it("prints a command's help with its options", async () => {
    const { io, stdout } = memoryIo();
    expect(await runCli(['import', '-h'], io)).toBe(0);
    expect(stdout()).toContain('Usage: contacts-import import FILE');
    expect(stdout()).toContain('--map "Header=field"');
    expect(stdout()).toContain('splits on the last "="');
  });

  it('exits 2 on bad usage, with the message and where to find help on stderr', async () => {
    const { io, stdout, stderr } = memoryIo();
    expect(await runCli(['import', 'a.csv', '--mode', 'merge'], io)).toBe(2);
    expect(stdout()).toBe('');
    expect(stderr()).toContain(
      'contacts-import: --mode takes upsert, create-only or update-only (dashes or underscores); got "merge"',
    );
    expect(stderr()).toContain('Run `contacts-import import --help` for usage.');
  });

  it('exits 1 with a clear message when the file to import is missing, before any API is contacted', async () => {
    const { io, stderr } = memoryIo();
    expect(
      await runCli(['import', 'no/such/file.csv', '--api', 'http://127.0.0.1:9', '--api-key', 'k'], io),
    ).toBe(1);
    expect(stderr()).toBe('contacts-import: file not found: no/such/file.csv');
  });
});
