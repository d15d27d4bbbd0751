import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact.js';
import {
  createContact,
  DEFAULT_MERGE_RULES,
  hasIdentity,
  type MergeRules,
  updateContact,
} from '../../../shared/domain/merge-contact.js';

const BEFORE = '2026-01-01T00:00:00.000Z';
const NOW = '2026-02-01T00:00:00.000Z';

const stored = (overrides: Partial<Contact> = {}): Contact => ({
  id: 'c1',
  workspaceId: 'ws',
  fullName: 'Ada Lovelace',
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@x.com',
  companyName: 'Analytical',
  tags: ['VIP'],
  customFields: { plan: 'gold' },
  createdAt: BEFORE,
  updatedAt: BEFORE,
  ...overrides,
});

describe('createContact (SPEC §4)', () => {
  it('derives the full name from first and last name when the row has none', () => {
    const contact = createContact(
      { firstName: 'Grace', lastName: 'Hopper' },
      { id: 'c9', workspaceId: 'ws' },
      NOW,
    );
    expect(contact).toMatchObject({ id: 'c9', fullName: 'Grace Hopper', tags: [], customFields: {} });
    expect(contact.createdAt).toBe(NOW);
  });

  it('keeps a full name the row gives over its parts', () => {
    const contact = createContact(
      { fullName: 'Rear Admiral Hopper', firstName: 'Grace' },
      { id: 'c9', workspaceId: 'ws' },
      NOW,
    );
    expect(contact.fullName).toBe('Rear Admiral Hopper');
  });
});

describe('updateContact (SPEC §4)', () => {
  it('overwrites with non-empty cells and never clears with empty ones', () => {
    const { contact, changed } = updateContact(stored(), { companyName: 'Babbage & Co' }, NOW);
    expect(changed).toBe(true);
    expect(contact).toMatchObject({ companyName: 'Babbage & Co', email: 'ada@x.com', lastName: 'Lovelace' });
    expect(contact.updatedAt).toBe(NOW);
  });

  it('merges tags: existing kept with their spelling, new appended, case-insensitive duplicates dropped', () => {
    const { contact } = updateContact(stored(), { tags: ['vip', 'Newsletter'] }, NOW);
    expect(contact.tags).toEqual(['VIP', 'Newsletter']);
  });

  it('sets custom fields per field, keeping the others', () => {
    const before = stored({ customFields: { plan: 'gold', seats: 3 } });
    const { contact } = updateContact(before, { customFields: { seats: 5 } }, NOW);
    expect(contact.customFields).toEqual({ plan: 'gold', seats: 5 });
    expect(before.customFields).toEqual({ plan: 'gold', seats: 3 });
  });

  it('re-derives the full name from the merged parts when the row brings only a first name', () => {
    const { contact } = updateContact(stored(), { firstName: 'Augusta' }, NOW);
    expect(contact.fullName).toBe('Augusta Lovelace');
  });

  it('gives a matched contact without email the row email', () => {
    const { contact, changed } = updateContact(stored({ email: undefined }), { email: 'ada@x.com' }, NOW);
    expect(changed).toBe(true);
    expect(contact.email).toBe('ada@x.com');
  });

  it('reports no change, and keeps the stored contact and its timestamp, when the row says what is stored', () => {
    const before = stored();
    const { contact, changed } = updateContact(before, { email: 'ada@x.com', tags: ['vip'] }, NOW);
    expect(changed).toBe(false);
    expect(contact).toBe(before);
    expect(contact.updatedAt).toBe(BEFORE);
  });
});

describe('updateContact under the update rules (SPEC §9)', () => {
  const rules = (overrides: Partial<MergeRules> = {}): MergeRules => ({
    ...DEFAULT_MERGE_RULES,
    ...overrides,
  });

  it('takes a field s own policy over the import s', () => {
    const { contact } = updateContact(
      stored({ jobTitle: 'Engineer' }),
      { jobTitle: 'CTO', companyName: 'Globex' },
      NOW,
      rules({ overwrite: 'never', fields: { jobTitle: 'always' } }),
    );
    expect(contact).toMatchObject({ jobTitle: 'CTO', companyName: 'Analytical' });
  });

  it('derives the full name under the strictest policy of the parts it changed', () => {
    const before = stored({ fullName: 'Countess Ada', firstName: undefined });
    const ifEmpty = updateContact(before, { firstName: 'Augusta' }, NOW, rules({ overwrite: 'if_empty' }));
    const always = updateContact(before, { firstName: 'Augusta' }, NOW);
    expect(ifEmpty.contact).toMatchObject({ firstName: 'Augusta', fullName: 'Countess Ada' });
    expect(always.contact).toMatchObject({ firstName: 'Augusta', fullName: 'Augusta Lovelace' });
  });

  it('clears a blank full name to the one its parts give, and only blank fields it is told of', () => {
    const { contact, changed } = updateContact(
      stored({ fullName: 'Countess Ada' }),
      {},
      NOW,
      rules({ blankCells: 'clear' }),
      ['fullName', 'custom:plan'],
    );
    expect(changed).toBe(true);
    expect(contact).toMatchObject({ fullName: 'Ada Lovelace', companyName: 'Analytical', customFields: {} });
  });

  it('ignores the blanks it is given under blankCells ignore, and never clears the email', () => {
    const ignored = updateContact(stored(), {}, NOW, rules(), ['companyName']);
    const email = updateContact(stored(), {}, NOW, rules({ blankCells: 'clear' }), ['email']);
    expect(ignored.changed).toBe(false);
    expect(email.changed).toBe(false);
    expect(email.contact.email).toBe('ada@x.com');
  });

  it('can leave a contact without identity, which the planner skips as no_identity', () => {
    const { contact } = updateContact(
      stored({ email: undefined, phone: undefined, firstName: undefined, lastName: undefined }),
      {},
      NOW,
      rules({ blankCells: 'clear' }),
      ['fullName'],
    );
    expect(contact.fullName).toBeUndefined();
    expect(hasIdentity(contact)).toBe(false);
    expect(hasIdentity(stored())).toBe(true);
  });
});
