import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/cli-errors.js';
import { parseCommandLine, parseMapping } from '../../cli/parse-args.js';

const run = (...argv: string[]) => {
  const parsed = parseCommandLine(argv, {});
  if (parsed.kind !== 'run') throw new Error(`expected a command, got ${parsed.kind}`);
  return parsed;
};

const usageError = (...argv: string[]): UsageError => {
  try {
    parseCommandLine(argv, {});
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
};

describe('parseMapping', () => {
  it('splits each entry on its last "=", since a header may hold "=" and a field name never does', () => {
    expect(parseMapping(['Score=Stars=rating', 'Acct # = external_id'])).toEqual({
      'Score=Stars': 'rating',
      'Acct #': 'external_id',
    });
  });

  it('refuses an entry without a header or a field, and a header mapped twice', () => {
    expect(() => parseMapping(['Email'])).toThrow(/--map takes "Header=field"/);
    expect(() => parseMapping(['=email'])).toThrow(UsageError);
    expect(() => parseMapping(['Email='])).toThrow(UsageError);
    expect(() => parseMapping(['Email=email', 'Email=ignore'])).toThrow(
      '--map names the column "Email" twice',
    );
  });
});

describe('parseCommandLine', () => {
  it('reads the import options, wherever the global options stand', () => {
    const parsed = run(
      '--data-dir',
      '/tmp/d',
      'import',
      'a.csv',
      '--mode',
      'update-only',
      '--dry-run',
      '--map',
      'X=email',
      '--json',
    );
    expect(parsed.command.name).toBe('import');
    expect(parsed.args).toEqual(['a.csv']);
    expect(parsed.options).toMatchObject({
      dataDir: '/tmp/d',
      mode: 'update_only',
      dryRun: true,
      json: true,
      mapping: { X: 'email' },
    });
  });

  it('defaults the data dir to .data and reads two-word commands', () => {
    const parsed = run(
      'fields',
      'add',
      'crm_id',
      '--label',
      'CRM id',
      '--type',
      'text',
      '--maps-to',
      'external_id',
    );
    expect(parsed.command.name).toBe('fields add');
    expect(parsed.options).toMatchObject({
      dataDir: '.data',
      label: 'CRM id',
      type: 'text',
      mapsTo: 'external_id',
    });
  });

  it('takes the key for --api from CONTACTS_IMPORT_API_KEY and refuses --api without a key', () => {
    const parsed = parseCommandLine(['contacts', '--api', 'https://api.example/'], {
      CONTACTS_IMPORT_API_KEY: 'k',
    });
    expect(parsed).toMatchObject({ kind: 'run', options: { api: 'https://api.example', apiKey: 'k' } });
    expect(usageError('contacts', '--api', 'https://api.example').message).toContain(
      '--api needs an API key',
    );
  });

  it('answers help for a command even when the rest of the line is incomplete', () => {
    expect(parseCommandLine(['import', '--help'], {})).toMatchObject({
      kind: 'help',
      command: { name: 'import' },
    });
    expect(parseCommandLine(['help', 'fields', 'add'], {})).toMatchObject({
      kind: 'help',
      command: { name: 'fields add' },
    });
    expect(parseCommandLine(['-h'], {})).toEqual({ kind: 'help' });
  });

  it('refuses unknown commands and options, missing values, and options the command does not take', () => {
    expect(usageError('launch').message).toContain('unknown command "launch"');
    expect(usageError('fields', 'remove').message).toContain('"fields" has no subcommand "remove"');
    expect(usageError('import', 'a.csv', '--force').message).toBe('unknown option --force');
    expect(usageError('import', 'a.csv', '--mode').message).toBe('--mode needs a value');
    expect(usageError('import', 'a.csv', '--mode', '--dry-run').message).toContain('--mode needs a value');
    expect(usageError('template', '--json').message).toBe('`template` does not take --json');
    expect(usageError('serve', '--api', 'http://x').message).toContain('works on the local stack only');
    expect(usageError('import', 'a.csv', 'b.csv').message).toContain('takes one FILE');
    expect(usageError('fields', 'add', 'k', '--type', 'text').message).toBe('fields add needs --label L');
  });

  it('checks values it knows: mode, type, port, workspace, and --workspace with --api', () => {
    expect(usageError('import', 'a.csv', '--mode', 'merge').message).toContain('--mode takes upsert');
    expect(usageError('fields', 'add', 'k', '--label', 'K', '--type', 'money').message).toContain(
      '--type takes',
    );
    expect(usageError('serve', '--port', 'http').message).toContain('--port takes a port number');
    expect(usageError('contacts', '--workspace', 'a b').message).toContain('--workspace takes');
    expect(
      usageError('contacts', '--api', 'http://x', '--api-key', 'k', '--workspace', 'w').message,
    ).toContain('with --api the API key decides the workspace');
  });
});
