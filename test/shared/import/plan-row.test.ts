import { describe, expect, it } from 'vitest';
import type { Contact, ContactValues } from '../../../shared/domain/contact.js';
import type { ImportMode } from '../../../shared/domain/import-options.js';
import { planRow } from '../../../shared/import/plan-row.js';
import { noNeeds, WorkingSet } from '../../../shared/import/working-set.js';
import {
  type ContactStore,
  PHONE_HEAD_LISTS,
  type PhoneHead,
  type Versioned,
} from '../../../shared/ports/contact-store.js';

const NOW = '2026-02-01T00:00:00.000Z';
const PHONE = '+14155550100';

const contactOf = (id: string, values: Partial<Contact>): Contact => ({
  id,
  workspaceId: 'ws',
  tags: [],
  customFields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...values,
});

/**
 * The read side of the contact port over a fixed list of stored contacts: what the working set loads. A phone's
 * head lists its first two members; the others are member items, read through `phoneMembers`.
 */
const storeOf = (contacts: Contact[]): ContactStore => ({
  async lookupKeys(_ws, emails, phones) {
    const wantedEmails = new Set(emails);
    const wantedPhones = new Set(phones);
    const found = { emails: new Map<string, string>(), phones: new Map<string, Versioned<PhoneHead>>() };
    for (const c of contacts) {
      if (c.email && wantedEmails.has(c.email)) found.emails.set(c.email, c.id);
      if (c.phone && wantedPhones.has(c.phone)) {
        const set = found.phones.get(c.phone) ?? {
          value: { count: 0, withoutEmail: 0, listed: new Map<string, string>() },
          version: 1,
        };
        set.value.count += 1;
        if (!c.email) set.value.withoutEmail += 1;
        if (set.value.listed.size < PHONE_HEAD_LISTS) set.value.listed.set(c.id, c.email ?? '');
        found.phones.set(c.phone, set);
      }
    }
    return found;
  },
  async phoneMembers(_ws, phone, { withoutEmail, skip, limit }) {
    const members = contacts.filter((c) => c.phone === phone).slice(PHONE_HEAD_LISTS);
    members.sort((a, b) => Number(!!a.email) - Number(!!b.email) || (a.id < b.id ? -1 : 1));
    const found = new Map<string, string>();
    for (const c of members) {
      if (found.size >= limit) break;
      if (skip.has(c.id) || (withoutEmail && c.email)) continue;
      found.set(c.id, c.email ?? '');
    }
    return found;
  },
  async getContacts(_ws, ids) {
    const wanted = new Set(ids);
    return new Map(contacts.filter((c) => wanted.has(c.id)).map((c) => [c.id, { value: c, version: 1 }]));
  },
  async writeBatch() {
    throw new Error('planning never writes');
  },
});

/** Plans rows in file order as the engine does: a row that needs keys loads them, then is planned again. */
const planRows = async (stored: Contact[], rows: ContactValues[], mode: ImportMode = 'upsert') => {
  const store = storeOf(stored);
  const set = new WorkingSet();
  let next = 0;
  const ctx = { workspaceId: 'ws', mode, now: NOW, newId: () => `new-${++next}`, phoneColumn: 'Phone' };
  const outcomes = [];
  for (const values of rows) {
    for (;;) {
      const result = planRow(values, set, ctx);
      if (result.kind === 'outcome') {
        outcomes.push(result.outcome);
        break;
      }
      const needs = noNeeds();
      for (const key of ['emails', 'phones', 'contacts'] as const)
        for (const k of result.needs[key]) needs[key].add(k);
      await set.load(store, 'ws', needs);
    }
  }
  return { outcomes, set };
};

describe('planRow (SPEC §4, in file order)', () => {
  it('creates a contact, and a later row of the same file updates it', async () => {
    const { outcomes, set } = await planRows(
      [],
      [
        { email: 'a@x.com', firstName: 'Ada' },
        { email: 'a@x.com', companyName: 'Analytical' },
      ],
    );
    expect(outcomes).toEqual([
      { outcome: 'created', contactId: 'new-1' },
      { outcome: 'updated', contactId: 'new-1' },
    ]);
    expect(set.contact('new-1')).toMatchObject({
      email: 'a@x.com',
      firstName: 'Ada',
      companyName: 'Analytical',
    });
  });

  it('updates the contact matched by phone when the row has no email', async () => {
    const { outcomes } = await planRows(
      [contactOf('c1', { email: 'a@x.com', phone: PHONE })],
      [{ phone: PHONE, jobTitle: 'CTO' }],
    );
    expect(outcomes).toEqual([{ outcome: 'updated', contactId: 'c1' }]);
  });

  it('errors ambiguous_match on the phone column when several contacts share the phone', async () => {
    const { outcomes } = await planRows(
      [
        contactOf('c1', { email: 'a@x.com', phone: PHONE }),
        contactOf('c2', { email: 'b@x.com', phone: PHONE }),
      ],
      [{ phone: PHONE, fullName: 'Who' }],
    );
    expect(outcomes[0]).toMatchObject({ outcome: 'errored', code: 'ambiguous_match', column: 'Phone' });
  });

  it('skips unchanged when the row says what the contact already has', async () => {
    const { outcomes } = await planRows(
      [contactOf('c1', { email: 'a@x.com', fullName: 'Ada' })],
      [{ email: 'a@x.com', fullName: 'Ada' }],
    );
    expect(outcomes[0]).toMatchObject({ outcome: 'skipped', code: 'unchanged' });
  });

  it('skips already_exists in create_only and not_found in update_only', async () => {
    const stored = [contactOf('c1', { email: 'a@x.com' })];
    const createOnly = await planRows(stored, [{ email: 'a@x.com', fullName: 'Ada' }], 'create_only');
    expect(createOnly.outcomes[0]).toMatchObject({ outcome: 'skipped', code: 'already_exists' });
    const updateOnly = await planRows(stored, [{ email: 'b@x.com', fullName: 'Bob' }], 'update_only');
    expect(updateOnly.outcomes[0]).toMatchObject({ outcome: 'skipped', code: 'not_found' });
  });

  it('moves a contact whose phone a row changes out of its old phone set', async () => {
    const OTHER = '+14155550199';
    const { outcomes, set } = await planRows(
      [contactOf('c1', { email: 'a@x.com', phone: PHONE })],
      [
        { email: 'a@x.com', phone: OTHER },
        { phone: PHONE, fullName: 'Nobody' },
      ],
    );
    expect(outcomes[0]).toEqual({ outcome: 'updated', contactId: 'c1' });
    // The old phone now has no member, so the second row creates a new contact.
    expect(outcomes[1]).toEqual({ outcome: 'created', contactId: 'new-1' });
    expect([...set.phoneMembers(OTHER).keys()]).toEqual(['c1']);
  });

  it('matches the one contact left on a shared phone, a member item never read, once the others moved away', async () => {
    // Prepare: five contacts share a phone; its head lists two, three are member items
    const OTHER = '+14155550199';
    const stored = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) =>
      contactOf(id, { email: `${id}@x.com`, phone: PHONE }),
    );
    // Act: four rows move four of them to another phone, then a row with only the shared phone
    const { outcomes } = await planRows(stored, [
      ...['c1', 'c2', 'c3', 'c4'].map((id) => ({ email: `${id}@x.com`, phone: OTHER })),
      { phone: PHONE, jobTitle: 'Switchboard' },
    ]);
    // Assess: while two or more shared it a phone-only row would be ambiguous; now the last one is found
    expect(outcomes[4]).toEqual({ outcome: 'updated', contactId: 'c5' });
  });

  it('tells the one contact without an email among many on a shared phone, and two of them apart', async () => {
    // Prepare: a phone on six contacts with emails and one without, the last a member item
    const many = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) =>
      contactOf(id, { email: `${id}@x.com`, phone: PHONE }),
    );
    const lone = contactOf('m7', { fullName: 'No Email', phone: PHONE });
    const twice = [...many, lone, contactOf('m8', { fullName: 'Also None', phone: PHONE })];
    // Act
    const one = await planRows(
      [...many, lone],
      [
        { email: 'new@x.com', phone: PHONE },
        { phone: PHONE, fullName: 'Who' },
      ],
    );
    const two = await planRows(twice, [{ email: 'new@x.com', phone: PHONE }]);
    // Assess: a row with a new email matches the one without an email; a phone-only row has seven candidates
    expect(one.outcomes[0]).toEqual({ outcome: 'updated', contactId: 'm7' });
    expect(one.outcomes[1]).toMatchObject({ outcome: 'errored', code: 'ambiguous_match' });
    expect(two.outcomes[0]).toMatchObject({ outcome: 'errored', code: 'ambiguous_match' });
  });
});
