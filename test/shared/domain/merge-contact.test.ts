import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact.js';
import { createContact, updateContact } from '../../../shared/domain/merge-contact.js';

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
