import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../shared/errors.js';
import { summaryOptions } from '../../../shared/options/import-option-schema.js';
import {
  importOptionsFromFlags,
  importOptionsFromJson,
  importOptionsFromMetadata,
  importOptionsFromQuery,
} from '../../../shared/options/read-import-options.js';
import { resolveImportOptions } from '../../../shared/options/resolve-import-options.js';

/** The error a read throws, for its code, message and the option it names. */
const refusal = (read: () => unknown): ImportError => {
  try {
    read();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('the options were accepted');
};

const RULES = { overwrite: 'if_empty', blankCells: 'clear', tagMode: 'replace' } as const;

describe('the update rules on every way in (SPEC §9)', () => {
  it('reads overwrite, blankCells and tagMode from a JSON body, dashes or underscores', () => {
    // Act
    const options = importOptionsFromJson({ overwrite: 'if-empty', blankCells: 'CLEAR', tagMode: 'replace' });
    // Assess
    expect(options).toEqual(RULES);
  });

  it('reads them from a query string', () => {
    expect(
      importOptionsFromQuery({ overwrite: 'if_empty', blankCells: 'clear', tagMode: 'replace' }),
    ).toEqual(RULES);
  });

  it('reads them from drop metadata as x-amz-meta-overwrite, -blank-cells and -tag-mode', () => {
    const { options, ignored } = importOptionsFromMetadata({
      overwrite: 'if-empty',
      'blank-cells': 'clear',
      'tag-mode': 'replace',
    });
    expect(ignored).toBeUndefined();
    expect(options).toEqual(RULES);
  });

  it('reads them from the CLI flags --overwrite, --blank-cells and --tag-mode', () => {
    expect(
      importOptionsFromFlags({ overwrite: 'if-empty', blankCells: 'clear', tagMode: 'replace' }),
    ).toEqual(RULES);
  });

  it('refuses a value it does not know, naming the option as each source spells it', () => {
    expect(refusal(() => importOptionsFromJson({ overwrite: 'sometimes' })).message).toBe(
      'overwrite takes always, if-empty or never',
    );
    expect(refusal(() => importOptionsFromQuery({ tagMode: 'merge' })).message).toBe(
      'tagMode takes append, replace or remove',
    );
    expect(refusal(() => importOptionsFromFlags({ blankCells: 'erase' })).message).toBe(
      '--blank-cells takes ignore or clear; got "erase"',
    );
    expect(importOptionsFromMetadata({ 'tag-mode': 'merge' }).ignored).toBe(
      'x-amz-meta-tag-mode takes append, replace or remove',
    );
  });

  it('defaults to always, ignore and append, and lists the rules in force in the summary', () => {
    // Act
    const defaults = resolveImportOptions({ explicit: {} }, []);
    const chosen = resolveImportOptions({ explicit: { overwrite: 'never', tagMode: 'remove' } }, []);
    // Assess
    expect(summaryOptions(defaults)).toMatchObject({
      overwrite: 'always',
      blankCells: 'ignore',
      tagMode: 'append',
    });
    expect(summaryOptions(chosen)).toMatchObject({
      overwrite: 'never',
      blankCells: 'ignore',
      tagMode: 'remove',
    });
  });
});

describe('a column with a policy of its own in the mapping (SPEC §9)', () => {
  it('takes {field, overwrite} beside a field name in a JSON body', () => {
    const options = importOptionsFromJson({
      mapping: {
        Title: { field: 'job_title', overwrite: 'if-empty' },
        Email: 'email',
        Notes: { field: 'ignore' },
      },
    });
    expect(options.mapping).toEqual({
      Title: { field: 'job_title', overwrite: 'if_empty' },
      Email: 'email',
      Notes: { field: 'ignore' },
    });
  });

  it('takes it in the mapping JSON of a query string and of drop metadata', () => {
    const mapping = JSON.stringify({ Title: { field: 'job_title', overwrite: 'never' } });
    const expected = { Title: { field: 'job_title', overwrite: 'never' } };
    expect(importOptionsFromQuery({ mapping }).mapping).toEqual(expected);
    expect(importOptionsFromMetadata({ mapping }).options.mapping).toEqual(expected);
  });

  it('reads --map "Title=job_title:if-empty" on the CLI, a header with "=" or ":" included', () => {
    const options = importOptionsFromFlags({
      map: ['Title=job_title:if-empty', 'Note: x=A=ignore', 'Tags=tags:NEVER', 'Email=email:always'],
    });
    expect(options.mapping).toEqual({
      Title: { field: 'job_title', overwrite: 'if_empty' },
      'Note: x=A': 'ignore',
      Tags: { field: 'tags', overwrite: 'never' },
      Email: { field: 'email', overwrite: 'always' },
    });
  });

  it('refuses a bad policy naming the column', () => {
    expect(refusal(() => importOptionsFromFlags({ map: ['Title=job_title:sometimes'] })).message).toBe(
      '--map "Title=job_title:sometimes": the policy of column "Title" takes always, if-empty or never; got "sometimes"',
    );
    expect(
      refusal(() => importOptionsFromJson({ mapping: { Title: { field: 'job_title', overwrite: 'maybe' } } }))
        .message,
    ).toBe('mapping.Title: overwrite takes always, if-empty or never');
    expect(refusal(() => importOptionsFromJson({ mapping: { Title: { overwrite: 'never' } } })).message).toBe(
      'mapping.Title: field takes a field name',
    );
    expect(refusal(() => importOptionsFromJson({ mapping: { Title: 3 } })).message).toBe(
      'mapping.Title: takes a field name, or {"field": …, "overwrite": …}',
    );
    expect(
      refusal(() =>
        importOptionsFromQuery({ mapping: JSON.stringify({ Title: { field: 'job_title', x: 1 } }) }),
      ).message,
    ).toMatch(/^mapping\.Title: .*"x"/);
  });

  it('checks the field of a column with a policy against the workspace, naming the column', () => {
    const error = refusal(() =>
      resolveImportOptions(
        { explicit: { mapping: { Title: { field: 'job_titel', overwrite: 'never' } } } },
        [],
      ),
    );
    expect(error.code).toBe('unknown_field');
    expect(error.message).toMatch(/^The mapping sends "Title" to "job_titel", which is not a field/);
  });
});
