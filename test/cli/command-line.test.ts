// The command line as commander reads it: options, commands of two words, help, and every usage error (exit 2).

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/cli-errors.js';
import type { CliIo } from '../../cli/cli-io.js';
import { importOptionsOfFlags } from '../../cli/import-flags.js';
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

const run = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const { io, stdout, stderr } = memoryIo();
  const code = await runCli(argv, io, env);
  return { code, stdout: stdout(), stderr: stderr() };
};

/** The first line on stderr of a line refused as bad usage (exit 2), without "contacts-import: ". */
const usageError = async (...argv: string[]): Promise<string> => {
  const result = await run(argv);
  expect(result.code, argv.join(' ')).toBe(2);
  expect(result.stdout).toBe('');
  return (result.stderr.split('\n')[0] ?? '').replace(/^contacts-import: /, '');
};

describe('importOptionsOfFlags', () => {
  it('reads the flags with the shared options reader, keeping only the options given', () => {
    expect(
      importOptionsOfFlags({
        mode: 'update-only',
        dryRun: true,
        map: ['X=email'],
        defaultCountry: 'gb',
        delimiter: 'tab',
      }),
    ).toEqual({
      mode: 'update_only',
      dryRun: true,
      mapping: { X: 'email' },
      defaultCountry: 'GB',
      delimiter: '\t',
    });
    expect(() => importOptionsOfFlags({ map: ['Email'] })).toThrow(UsageError);
    expect(importOptionsOfFlags({})).toEqual({});
  });

  it('makes a value the options reader refuses a usage error naming its flag', () => {
    expect(() => importOptionsOfFlags({ mode: 'merge' })).toThrow(
      '--mode takes upsert, create-only or update-only (dashes or underscores); got "merge"',
    );
    expect(() => importOptionsOfFlags({ defaultCountry: 'XYZ' })).toThrow(
      '--default-country must be a two-letter ISO 3166 country code (US, GB, DE…); got "XYZ"',
    );
    expect(() => importOptionsOfFlags({ encoding: 'ebcdic' })).toThrow(/^--encoding takes utf-8, /);
    expect(() => importOptionsOfFlags({ delimiter: '#' })).toThrow(
      '--delimiter takes "," ";" "|" or tab; got "#"',
    );
  });
});

describe('the command line', () => {
  it('takes the global options before or after the command', async () => {
    // Both reach the import command, which finds no file (exit 1) before any API is contacted.
    for (const argv of [
      ['--data-dir', '/tmp/d', 'import', 'no/such.csv', '--mode', 'update-only', '--json'],
      ['import', 'no/such.csv', '--dry-run', '--data-dir', '/tmp/d', '--map', 'X=email'],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr).toBe('contacts-import: file not found: no/such.csv');
    }
  });

  it('takes the key for --api from CONTACTS_IMPORT_API_KEY and refuses --api without a key', async () => {
    const withKey = await run(['contacts', '--api', 'http://127.0.0.1:9/'], {
      CONTACTS_IMPORT_API_KEY: 'k',
    });
    expect(withKey.code).toBe(1);
    expect(withKey.stderr).toContain('cannot reach the API at http://127.0.0.1:9 (');
    expect(await usageError('contacts', '--api', 'http://127.0.0.1:9')).toBe(
      '--api needs an API key: pass --api-key KEY or set CONTACTS_IMPORT_API_KEY',
    );
  });

  it('answers help for a command even when the rest of the line is incomplete', async () => {
    const importHelp = await run(['import', '--help']);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain('Usage: contacts-import import FILE');
    const fieldsAdd = await run(['help', 'fields', 'add']);
    expect(fieldsAdd.code).toBe(0);
    expect(fieldsAdd.stdout).toContain('Usage: contacts-import fields add KEY --label L --type T');
    const overall = await run(['-h']);
    expect(overall.stdout).toContain('Usage: contacts-import COMMAND [options]');
    expect(overall.stdout).toMatch(/api-key revoke +revoke an API key/);
  });

  it("leaves --api out of a local-only command's help", async () => {
    const serve = await run(['serve', '--help']);
    expect(serve.stdout).toContain('--port PORT');
    expect(serve.stdout).toContain('--data-dir DIR');
    expect(serve.stdout).not.toContain('--api');
  });

  it('refuses unknown commands and options, missing values, and options the command does not take', async () => {
    expect(await usageError('launch')).toContain('unknown command "launch"; the commands are: import,');
    expect(await usageError('fields', 'remove')).toBe(
      '"fields" has no subcommand "remove": fields add, fields list',
    );
    expect(await usageError('api-key')).toBe(
      '"api-key" needs a subcommand: api-key create, api-key list, api-key revoke',
    );
    expect(await usageError()).toBe('no command given');
    expect(await usageError('import', 'a.csv', '--force')).toBe('unknown option --force');
    expect(await usageError('import', 'a.csv', '--mode')).toBe('--mode needs a value');
    expect(await usageError('import', 'a.csv', '--mode', '--dry-run')).toBe(
      '--mode needs a value; got the option "--dry-run"',
    );
    expect(await usageError('template', '--json')).toBe('unknown option --json');
    expect(await usageError('serve', '--api', 'http://x')).toBe(
      '`serve` works on the local stack only: it does not take --api',
    );
    expect(await usageError('api-key', 'list', '--api-key', 'k')).toBe(
      '`api-key list` works on the local stack only: it does not take --api-key',
    );
    expect(await usageError('import', 'a.csv', 'b.csv')).toBe('import takes one FILE only');
    expect(await usageError('template', 'x')).toBe('template takes no arguments; got "x"');
    expect(await usageError('import')).toBe('import needs FILE');
    expect(await usageError('fields', 'add', 'k', '--type', 'text')).toBe('fields add needs --label L');
  });

  it('checks values it knows: mode, type, port, workspace, timeout, ids, and --workspace with --api', async () => {
    expect(await usageError('import', 'a.csv', '--mode', 'merge')).toContain('--mode takes upsert');
    expect(await usageError('fields', 'add', 'k', '--label', 'K', '--type', 'money')).toContain(
      '--type takes',
    );
    expect(await usageError('serve', '--port', 'http')).toContain('--port takes a port number');
    expect(await usageError('contacts', '--workspace', 'a b')).toContain('--workspace takes');
    expect(await usageError('import', 'a.csv', '--timeout', '0')).toBe(
      '--timeout takes a number of seconds above 0; got "0"',
    );
    expect(await usageError('errors', 'nope')).toContain('"nope" is not an import id');
    expect(await usageError('contacts', '--api', 'http://x', '--api-key', 'k', '--workspace', 'w')).toContain(
      'with --api the API key decides the workspace',
    );
  });

  it('points a usage error at the help of the command it concerns', async () => {
    const result = await run(['fields', 'add', 'k', '--label', 'K', '--type', 'money']);
    expect(result.stderr.split('\n')[1]).toBe('Run `contacts-import fields add --help` for usage.');
  });
});
