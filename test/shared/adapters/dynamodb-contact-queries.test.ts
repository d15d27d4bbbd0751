// Contacts found by email from its guard, by phone from its set (head and member items), by external id through a
// keys-only GSI: whole contacts, read by key, and only while they still have the value asked for.

import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { toContactItem } from '../../../shared/adapters/dynamodb/contact-item.js';
import { DynamoDbContactQueries } from '../../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { DynamoDbContactStore } from '../../../shared/adapters/dynamodb/dynamodb-contact-store.js';
import { encodeCursor } from '../../../shared/adapters/dynamodb/page-cursor.js';
import { keys, tableDefinition } from '../../../shared/adapters/dynamodb/table-design.js';
import type { Contact } from '../../../shared/domain/contact.js';
import { changeMember, emptyPhone, sealPhone } from '../../../shared/import/phone-entry.js';
import type { PhoneWrite } from '../../../shared/ports/contact-store.js';
import { phoneSetMembers } from '../../support/phone-set.js';
import { createTestEnv, type TestEnv } from '../../support/test-env.js';

let env: TestEnv;
let queries: DynamoDbContactQueries;
let contactStore: DynamoDbContactStore;

beforeAll(async () => {
  env = await createTestEnv();
  queries = new DynamoDbContactQueries(env.documentClient, env.tableName);
  contactStore = new DynamoDbContactStore(env.documentClient, env.tableName);
});

const contactOf = (workspaceId: string, id: string, fields: Partial<Contact>): Contact => ({
  id,
  workspaceId,
  firstName: `First ${id}`,
  companyName: 'Acme',
  tags: ['vip'],
  customFields: { crmId: `X-${id}` },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  ...fields,
});

/** Puts the contact item at a version, then its email's guard and its place in its phone's set, as a write path does. */
const store = async (contact: Contact, ver = 1) => {
  await env.documentClient.send(
    new PutCommand({ TableName: env.tableName, Item: toContactItem(contact, ver, 'crmId') }),
  );
  const phones: PhoneWrite[] = [];
  if (contact.phone) {
    const head = (await contactStore.lookupKeys(contact.workspaceId, [], [contact.phone])).phones.get(
      contact.phone,
    );
    const entry = emptyPhone();
    if (head) {
      entry.count = head.value.count;
      entry.withoutEmail = head.value.withoutEmail;
      entry.listed = new Map(head.value.listed);
      entry.version = head.version;
    }
    changeMember(entry, contact.id, undefined, contact.email ?? '');
    phones.push(sealPhone(contact.phone, entry));
  }
  await contactStore.writeBatch({
    workspaceId: contact.workspaceId,
    contacts: [],
    newEmails: contact.email ? [{ email: contact.email, contactId: contact.id }] : [],
    phones,
  });
};

/** Every page of a listing, in order, with the size of each. */
const walk = async (ws: string, filter: { phone: string } | { email: string }, limit: number) => {
  const pages: Contact[][] = [];
  let cursor: string | undefined;
  do {
    const page = await queries.listContacts(ws, filter, { limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.contacts.map((c) => c.value));
    cursor = page.cursor;
  } while (cursor);
  return pages;
};

describe('DynamoDbContactQueries on guards, phone sets and a keys-only GSI', () => {
  it('has one index, on external id, keys only: email and phone write no index entry', () => {
    const indexes = tableDefinition('t').GlobalSecondaryIndexes ?? [];
    expect(indexes.map((index) => index.IndexName)).toEqual(['byExternalId']);
    for (const index of indexes) expect(index.Projection).toEqual({ ProjectionType: 'KEYS_ONLY' });
  });

  it('finds whole contacts with their versions by email, by phone and by external id', async () => {
    // Prepare
    const ws = 'queries-keys-only';
    const ada = contactOf(ws, 'ada', { email: 'ada@x.com', phone: '+14155550101' });
    const bob = contactOf(ws, 'bob', { email: 'bob@x.com', phone: '+14155550101' });
    await store(ada, 3);
    await store(bob, 1);
    // Act
    const byEmail = await queries.listContacts(ws, { email: 'ada@x.com' }, { limit: 10 });
    const byPhone = await queries.listContacts(ws, { phone: '+14155550101' }, { limit: 10 });
    const byExternalId = await queries.listContacts(ws, { externalId: 'X-bob' }, { limit: 10 });
    // Assess
    expect(byEmail.contacts).toEqual([{ value: ada, version: 3 }]);
    expect(byPhone.contacts.map((c) => c.value).sort((a, b) => a.id.localeCompare(b.id))).toEqual([ada, bob]);
    expect(byExternalId.contacts).toEqual([{ value: bob, version: 1 }]);
  });

  it("pages through many contacts of one phone in the index's order, each once", async () => {
    // Prepare
    const ws = 'queries-keys-only-pages';
    const ids = Array.from({ length: 7 }, (_, i) => `p${i}`);
    for (const id of ids) await store(contactOf(ws, id, { email: `${id}@x.com`, phone: '+14155550199' }));
    // Act
    const seen: Contact[] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.listContacts(
        ws,
        { phone: '+14155550199' },
        { limit: 3, ...(cursor ? { cursor } : {}) },
      );
      expect(page.contacts.length).toBeLessThanOrEqual(3);
      seen.push(...page.contacts.map((c) => c.value));
      cursor = page.cursor;
    } while (cursor);
    // Assess
    expect(seen.map((c) => c.id).sort()).toEqual(ids);
    expect(seen.every((c) => c.companyName === 'Acme' && c.tags[0] === 'vip')).toBe(true);
  });

  it('pages through a phone shared by many contacts: its head first, then its member items, each once, in a stable order', async () => {
    // Prepare: 30 contacts on one phone, every third without an email (their member items sort first).
    const ws = 'queries-shared-phone';
    const phone = '+14155550142';
    const ids = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) {
      await store(contactOf(ws, id, { phone, ...(i % 3 === 0 ? {} : { email: `${id}@x.com` }) }));
    }
    const members = await phoneSetMembers(contactStore, ws, phone);
    expect(Object.keys(members).sort()).toEqual(ids);
    // Act
    const byFour = await walk(ws, { phone }, 4);
    const byOne = await walk(ws, { phone }, 1);
    const whole = await walk(ws, { phone }, 100);
    // Assess: every page full but the last, every contact once, the same order whatever the page size.
    const order = whole.flat().map((c) => c.id);
    expect([...order].sort()).toEqual(ids);
    expect(whole).toHaveLength(1);
    expect(byFour.length).toBeGreaterThanOrEqual(8);
    for (const page of byFour.slice(0, -1)) expect(page).toHaveLength(4);
    expect(byFour.flat().map((c) => c.id)).toEqual(order);
    expect(byOne.flat().map((c) => c.id)).toEqual(order);
    // The two the head lists (the first two stored) come first, then those without an email.
    expect(order.slice(0, 2)).toEqual(['s00', 's01']);
    const rest = order.slice(2);
    const withoutEmail = rest.filter((id) => Number(id.slice(1)) % 3 === 0);
    expect(rest.slice(0, withoutEmail.length)).toEqual(withoutEmail);
    expect(byOne.flat().every((c) => c.phone === phone)).toBe(true);
  });

  it('finds nobody for a value no contact has, nor for another workspace', async () => {
    await store(contactOf('queries-keys-only-a', 'zed', { email: 'zed@x.com' }));
    expect(
      (await queries.listContacts('queries-keys-only-b', { email: 'zed@x.com' }, { limit: 5 })).contacts,
    ).toEqual([]);
    expect(
      (await queries.listContacts('queries-keys-only-a', { email: 'no@x.com' }, { limit: 5 })).contacts,
    ).toEqual([]);
  });

  it('never returns a contact its guard names but which no longer has that email, nor one removed since', async () => {
    // Prepare: guards left naming contacts that changed or went (as between the two reads of a listing).
    const ws = 'queries-stale-guard';
    const moved = contactOf(ws, 'moved', { email: 'old@x.com', phone: '+14155550177' });
    const gone = contactOf(ws, 'gone', { email: 'gone@x.com', phone: '+14155550177' });
    await store(moved);
    await store(gone);
    await env.documentClient.send(
      new PutCommand({
        TableName: env.tableName,
        Item: toContactItem({ ...moved, email: 'new@x.com', phone: '+14155550178' }, 2, 'crmId'),
      }),
    );
    await env.documentClient.send(
      new DeleteCommand({ TableName: env.tableName, Key: keys.contact(ws, gone.id) }),
    );
    // Act
    const byOldEmail = await queries.listContacts(ws, { email: 'old@x.com' }, { limit: 5 });
    const byGoneEmail = await queries.listContacts(ws, { email: 'gone@x.com' }, { limit: 5 });
    const byOldPhone = await queries.listContacts(ws, { phone: '+14155550177' }, { limit: 5 });
    // Assess
    expect(byOldEmail.contacts).toEqual([]);
    expect(byGoneEmail.contacts).toEqual([]);
    expect(byOldPhone.contacts).toEqual([]);
  });

  it("takes a phone listing's cursor only in that listing, and none in an email listing (which gives none out)", async () => {
    // Prepare
    const ws = 'queries-cursors';
    for (const id of ['c1', 'c2', 'c3'])
      await store(contactOf(ws, id, { email: `${id}@x.com`, phone: '+14155550155' }));
    const first = await queries.listContacts(ws, { phone: '+14155550155' }, { limit: 1 });
    const byEmail = await queries.listContacts(ws, { email: 'c1@x.com' }, { limit: 1 });
    const cursor = first.cursor as string;
    // Act / Assess
    expect(cursor).toBeDefined();
    expect(byEmail.cursor).toBeUndefined();
    await expect(
      queries.listContacts(ws, { phone: '+14155550156' }, { limit: 1, cursor }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(
      queries.listContacts('queries-other', { phone: '+14155550155' }, { limit: 1, cursor }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(queries.listContacts(ws, { email: 'c1@x.com' }, { limit: 1, cursor })).rejects.toMatchObject(
      { code: 'invalid_request' },
    );
    const head = keys.phoneSet(ws, '+14155550155');
    await expect(
      queries.listContacts(ws, { phone: '+14155550155' }, { limit: 1, cursor: encodeCursor(head) as string }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
