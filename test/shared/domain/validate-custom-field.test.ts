import { describe, expect, it } from 'vitest';
import { customFieldSchema } from '../../../shared/domain/validate-custom-field.js';

describe('customFieldSchema', () => {
  it('accepts a custom field of each type', () => {
    // Prepare
    const fields = [
      { key: 'account_id', label: 'Account ID', type: 'text', mapsTo: 'external_id' },
      { key: 'score', label: 'Lead score', type: 'number' },
      { key: 'birthday', label: 'Birthday', type: 'date' },
      { key: 'is_vip', label: 'VIP', type: 'boolean' },
    ];

    // Act
    const results = fields.map((field) => customFieldSchema.safeParse(field));

    // Assess
    expect(results.map((result) => result.success)).toEqual([true, true, true, true]);
    expect(results[0]?.data).toEqual(fields[0]);
  });

  it('trims the key and the label', () => {
    // Act
    const result = customFieldSchema.parse({ key: ' tier ', label: ' Tier ', type: 'text' });

    // Assess
    expect(result).toEqual({ key: 'tier', label: 'Tier', type: 'text' });
  });

  it.each([
    ['Tier', 'upper case'],
    ['first-name', 'a dash'],
    ['1st_contact', 'a leading digit'],
    ['_tier', 'a leading underscore'],
    ['tier level', 'a space'],
    ['', 'empty'],
    [`a${'b'.repeat(64)}`, '65 characters'],
  ])('rejects the key %j (%s)', (key) => {
    // Act / Assess
    expect(customFieldSchema.safeParse({ key, label: 'Label', type: 'text' }).success).toBe(false);
  });

  it('accepts a key of 64 characters', () => {
    // Act / Assess
    expect(
      customFieldSchema.safeParse({ key: `a${'b'.repeat(63)}`, label: 'Label', type: 'text' }).success,
    ).toBe(true);
  });

  it.each([
    'email',
    'first_name',
    'tags',
    'external_id',
    'ignore',
    'firstname',
    'externalid',
    'jobtitle',
    'phone_country',
    'import_row',
    'import_outcome',
  ])('rejects the key %j, which is or reads as a built-in field, mapping word or report column', (key) => {
    // Act
    const result = customFieldSchema.safeParse({ key, label: 'Label', type: 'text' });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('reserved');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['x'.repeat(257), 'longer than 256'],
  ])('rejects the label %j (%s)', (label) => {
    // Act / Assess
    expect(customFieldSchema.safeParse({ key: 'tier', label, type: 'text' }).success).toBe(false);
  });

  it('rejects an unknown type and a mapsTo other than external_id', () => {
    // Act / Assess
    expect(customFieldSchema.safeParse({ key: 'tier', label: 'Tier', type: 'string' }).success).toBe(false);
    expect(
      customFieldSchema.safeParse({ key: 'tier', label: 'Tier', type: 'text', mapsTo: 'email' }).success,
    ).toBe(false);
  });

  it('rejects an external-id field of type date or boolean', () => {
    // Act
    const result = customFieldSchema.safeParse({
      key: 'ref',
      label: 'Ref',
      type: 'date',
      mapsTo: 'external_id',
    });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['type']);
  });
});
