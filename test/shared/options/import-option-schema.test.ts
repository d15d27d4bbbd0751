import { describe, expect, it } from 'vitest';
import {
  IMPORT_OPTION_DESCRIPTORS,
  IMPORT_OPTION_NAMES,
  importOptionsSchema,
  summaryOptions,
} from '../../../shared/options/import-option-schema.js';
import { resolveImportOptions } from '../../../shared/options/resolve-import-options.js';

const descriptor = (name: string) => IMPORT_OPTION_DESCRIPTORS.find((d) => d.name === name);

describe('the import option schema', () => {
  it('lists every option once, in the order the summary and the help show them', () => {
    // The first ones, as the summary of SPEC §6 starts; the options added since follow.
    expect(IMPORT_OPTION_NAMES.slice(0, 6)).toEqual([
      'mode',
      'dryRun',
      'defaultCountry',
      'mapping',
      'encoding',
      'delimiter',
    ]);
    expect(new Set(IMPORT_OPTION_NAMES).size).toBe(IMPORT_OPTION_NAMES.length);
    expect(Object.keys(importOptionsSchema.shape)).toEqual(IMPORT_OPTION_NAMES);
  });

  it('derives each option s metadata key and CLI flag from its name, the mapping s flag being --map', () => {
    expect(IMPORT_OPTION_DESCRIPTORS.map((d) => [d.name, d.metadataKey, d.flag])).toEqual(
      expect.arrayContaining([
        ['mode', 'mode', 'mode'],
        ['dryRun', 'dry-run', 'dry-run'],
        ['defaultCountry', 'default-country', 'default-country'],
        ['mapping', 'mapping', 'map'],
        ['encoding', 'encoding', 'encoding'],
        ['delimiter', 'delimiter', 'delimiter'],
        ['dateFormat', 'date-format', 'date-format'],
      ]),
    );
    expect(descriptor('mapping')?.parseList?.(['A=email'])).toEqual({ A: 'email' });
  });

  it('declares the defaults once: upsert, no dry run; the country is resolved with the workspace', () => {
    expect(descriptor('mode')?.defaultValue).toBe('upsert');
    expect(descriptor('dryRun')?.defaultValue).toBe(false);
    expect(descriptor('defaultCountry')?.defaultValue).toBeUndefined();
    expect(importOptionsSchema.parse({})).toEqual({
      mode: 'upsert',
      dryRun: false,
      invalidCells: 'row',
      overwrite: 'always',
      blankCells: 'ignore',
      tagMode: 'append',
    });
  });

  it('gives the CLI its help: value placeholders, values with dashes, a boolean flag without a value', () => {
    expect(descriptor('mode')).toMatchObject({
      valueName: 'MODE',
      values: ['upsert', 'create-only', 'update-only'],
      help: 'upsert (default), create-only or update-only',
    });
    expect(descriptor('dryRun')?.valueName).toBeUndefined();
    expect(descriptor('mapping')?.valueName).toBe('"Header=field[:policy]"');
  });

  it('shows mode, dry run and the resolved country in the summary', () => {
    const options = resolveImportOptions(
      { explicit: { mode: 'create-only', mapping: { A: 'ignore' } }, workspace: { defaultCountry: 'FR' } },
      [],
    );
    expect(summaryOptions(options)).toMatchObject({
      mode: 'create_only',
      dryRun: false,
      defaultCountry: 'FR',
    });
    expect(summaryOptions(options)).not.toHaveProperty('mapping');
  });
});
