// A person's write (no import checkpoint) through WorkingSet and DynamoDbContactStore: guards and phone sets follow.

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbContactStore } from '../../../shared/adapters/dynamodb/dynamodb-contact-store.js';
import { keys } from '../../../shared/adapters/dynamodb/table-design.js';
import type { Contact } from '../../../shared/domain/contact.js';
import { isImportError } from '../../../shared/errors.js';
import { noNeeds, WorkingSet } from '../../../shared/import/working-set.js';
import { phoneSetMembers } from '../../support/phone-set.js';
import { createTestEnv, type TestEnv } from '../../support/test-env.js';

let env: TestEnv;
let store: DynamoDbContactStore;

beforeAll(async () => {
  env = await createTestEnv();
  store = new DynamoDbContactStore(env.documentClient, env.tableName);
});

const contactOf = (workspaceId: string, id: string, email?: string, phone?: string): Contact => ({
  id,
  workspaceId,
  fullName: `Person ${id}`,
  ...(email ? { email } : {}),
  ...(phone ? { phone } : {}),
  tags: [],
  customFields: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const getItem = async (key: { pk: string; sk: string }) =>
  (
    await env.documentClient.send(
      new GetCommand({ TableName: env.tableName, Key: key, ConsistentRead: true }),
    )
  ).Item;

/** Everything stored under a workspace: its contacts, and the guards and phone sets found by key. */
const stored = async (workspaceId: string, emails: string[], phones: string[]) => {
  const items: Record<string, unknown>[] = [];
  for (const pk of keys.contactPartitions(workspaceId)) {
    const shard = await env.documentClient.send(
      new QueryCommand({
        TableName: env.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': pk, ':c': 'C#' },
        ConsistentRead: true,
      }),
    );
    items.push(...(shard.Items ?? []));
  }
  items.sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const lookup = await store.lookupKeys(workspaceId, emails, phones);
  return {
    contacts: items.map((item) => ({ id: item.id, email: item.email, ver: item.ver })),
    emails: Object.fromEntries(lookup.emails),
    phones: Object.fromEntries(
      await Promise.all(
        [...lookup.phones.keys()].map(async (phone) => [
          phone,
          await phoneSetMembers(store, workspaceId, phone),
        ]),
      ),
    ),
  };
};

/** Stores contacts as an import would (no progress item needed to prove the write itself). */
const seed = async (workspaceId: string, ...contacts: Contact[]) => {
  const set = new WorkingSet();
  const needs = noNeeds();
  for (const contact of contacts) {
    if (contact.email) needs.emails.add(contact.email);
    if (contact.phone) needs.phones.add(contact.phone);
  }
  await set.load(store, workspaceId, needs);
  for (const contact of contacts) set.addContact(contact);
  await store.writeBatch({ workspaceId, ...set.seal() });
};

/** A working set that knows these contacts and every key they and `alsoEmails` name, as the store has them. */
const loaded = async (workspaceId: string, ids: string[], alsoEmails: string[] = []) => {
  const set = new WorkingSet();
  const found = await store.getContacts(workspaceId, ids);
  const needs = noNeeds();
  for (const id of ids) needs.contacts.add(id);
  for (const { value } of found.values()) {
    if (value.email) needs.emails.add(value.email);
    if (value.phone) needs.phones.add(value.phone);
  }
  for (const email of alsoEmails) needs.emails.add(email);
  await set.load(store, workspaceId, needs);
  return set;
};

describe('ContactStore.writeBatch without an import checkpoint', () => {
  it('writes contacts, guards and phone sets in one transaction with no progress item', async () => {
    // Prepare / Act
    await seed('ws-seed', contactOf('ws-seed', 'c1', 'ada@x.com', '+14155550101'));
    // Assess
    expect(await stored('ws-seed', ['ada@x.com'], ['+14155550101'])).toEqual({
      contacts: [{ id: 'c1', email: 'ada@x.com', ver: 1 }],
      emails: { 'ada@x.com': 'c1' },
      phones: { '+14155550101': { c1: 'ada@x.com' } },
    });
  });

  it('moves the email guard when an edit changes the email: the old one is deleted, the new one put', async () => {
    // Prepare
    const ws = 'ws-email-change';
    await seed(ws, contactOf(ws, 'c1', 'old@x.com', '+14155550102'));
    const set = await loaded(ws, ['c1'], ['new@x.com']);
    const before = set.contact('c1') as Contact;
    // Act
    set.replaceContact(before, { ...before, email: 'new@x.com' });
    const writes = set.seal();
    await store.writeBatch({ workspaceId: ws, ...writes });
    // Assess: the writes name both guards, and the store has only the new one; the phone set carries the new email
    expect(writes.removedEmails).toEqual([{ email: 'old@x.com', contactId: 'c1' }]);
    expect(writes.newEmails).toEqual([{ email: 'new@x.com', contactId: 'c1' }]);
    expect(await stored(ws, ['old@x.com', 'new@x.com'], ['+14155550102'])).toEqual({
      contacts: [{ id: 'c1', email: 'new@x.com', ver: 2 }],
      emails: { 'new@x.com': 'c1' },
      phones: { '+14155550102': { c1: 'new@x.com' } },
    });
  });

  it('drops the guard of an email cleared by an edit', async () => {
    // Prepare
    const ws = 'ws-email-clear';
    await seed(ws, contactOf(ws, 'c1', 'gone@x.com', '+14155550103'));
    const set = await loaded(ws, ['c1']);
    const before = set.contact('c1') as Contact;
    const { email: _cleared, ...after } = before;
    // Act
    set.replaceContact(before, after);
    await store.writeBatch({ workspaceId: ws, ...set.seal() });
    // Assess
    expect(await stored(ws, ['gone@x.com'], ['+14155550103'])).toEqual({
      contacts: [{ id: 'c1', email: undefined, ver: 2 }],
      emails: {},
      phones: { '+14155550103': { c1: '' } },
    });
  });

  it('removes a contact with its guard and its phone set membership; a shared phone set keeps the others', async () => {
    // Prepare: two contacts share one phone
    const ws = 'ws-remove';
    await seed(
      ws,
      contactOf(ws, 'c1', 'one@x.com', '+14155550104'),
      contactOf(ws, 'c2', 'two@x.com', '+14155550104'),
    );
    const set = await loaded(ws, ['c1']);
    // Act
    set.removeContact(set.contact('c1') as Contact);
    const writes = set.seal();
    await store.writeBatch({ workspaceId: ws, ...writes });
    // Assess
    expect(writes.removedContacts).toEqual([{ contactId: 'c1', expectedVersion: 1 }]);
    expect(set.contactIdByEmail('one@x.com')).toBeUndefined();
    expect(await stored(ws, ['one@x.com', 'two@x.com'], ['+14155550104'])).toEqual({
      contacts: [{ id: 'c2', email: 'two@x.com', ver: 1 }],
      emails: { 'two@x.com': 'c2' },
      phones: { '+14155550104': { c2: 'two@x.com' } },
    });
  });

  it('deletes the phone set item when its last member is removed', async () => {
    // Prepare
    const ws = 'ws-remove-last';
    await seed(ws, contactOf(ws, 'c1', undefined, '+14155550105'));
    const set = await loaded(ws, ['c1']);
    // Act
    set.removeContact(set.contact('c1') as Contact);
    await store.writeBatch({ workspaceId: ws, ...set.seal() });
    // Assess
    expect(await getItem(keys.phoneSet(ws, '+14155550105'))).toBeUndefined();
    expect(await stored(ws, [], ['+14155550105'])).toEqual({ contacts: [], emails: {}, phones: {} });
  });

  it('writes nothing when the contact changed since it was read (a stale version): write_conflict', async () => {
    // Prepare: the set reads version 1, then another writer stores version 2
    const ws = 'ws-stale';
    await seed(ws, contactOf(ws, 'c1', 'stale@x.com', '+14155550106'));
    const set = await loaded(ws, ['c1']);
    const other = await loaded(ws, ['c1']);
    const first = other.contact('c1') as Contact;
    other.replaceContact(first, { ...first, jobTitle: 'Engineer' });
    await store.writeBatch({ workspaceId: ws, ...other.seal() });
    // Act
    set.removeContact(set.contact('c1') as Contact);
    const failure = await store.writeBatch({ workspaceId: ws, ...set.seal() }).catch((error) => error);
    // Assess
    expect(isImportError(failure, 'write_conflict')).toBe(true);
    expect(await stored(ws, ['stale@x.com'], ['+14155550106'])).toEqual({
      contacts: [{ id: 'c1', email: 'stale@x.com', ver: 2 }],
      emails: { 'stale@x.com': 'c1' },
      phones: { '+14155550106': { c1: 'stale@x.com' } },
    });
  });

  it('never deletes a guard that names another contact: the whole write fails write_conflict', async () => {
    // Prepare: the guard of shared@ names c2 in the store, though the batch says c1 let go of it
    const ws = 'ws-guard-other';
    await seed(ws, contactOf(ws, 'c1', undefined, '+14155550107'), contactOf(ws, 'c2', 'shared@x.com'));
    const found = await store.getContacts(ws, ['c1']);
    const c1 = found.get('c1');
    // Act
    const failure = await store
      .writeBatch({
        workspaceId: ws,
        contacts: [{ contact: { ...(c1?.value as Contact), jobTitle: 'x' }, expectedVersion: 1 }],
        newEmails: [],
        removedEmails: [{ email: 'shared@x.com', contactId: 'c1' }],
        phones: [],
      })
      .catch((error) => error);
    // Assess
    expect(isImportError(failure, 'write_conflict')).toBe(true);
    expect(await getItem(keys.emailGuard(ws, 'shared@x.com'))).toMatchObject({ contactId: 'c2' });
    expect((await getItem(keys.contact(ws, 'c1')))?.jobTitle).toBeUndefined();
  });

  it('refuses an email another contact holds: the new guard is conditioned on being absent', async () => {
    // Prepare: the set believes taken@ is free (read before c2 took it)
    const ws = 'ws-guard-taken';
    await seed(ws, contactOf(ws, 'c1', 'mine@x.com'));
    const set = await loaded(ws, ['c1'], ['taken@x.com']);
    await seed(ws, contactOf(ws, 'c2', 'taken@x.com'));
    const before = set.contact('c1') as Contact;
    // Act
    set.replaceContact(before, { ...before, email: 'taken@x.com' });
    const failure = await store.writeBatch({ workspaceId: ws, ...set.seal() }).catch((error) => error);
    // Assess: nothing moved
    expect(isImportError(failure, 'write_conflict')).toBe(true);
    expect(await stored(ws, ['mine@x.com', 'taken@x.com'], [])).toEqual({
      contacts: [
        { id: 'c1', email: 'mine@x.com', ver: 1 },
        { id: 'c2', email: 'taken@x.com', ver: 1 },
      ],
      emails: { 'mine@x.com': 'c1', 'taken@x.com': 'c2' },
      phones: {},
    });
  });

  it('tells a write DynamoDB refuses for its size (an item over 400 KB, a transaction over 4 MB) from a conflict', async () => {
    // Prepare: one contact of 450 KB; twelve of 350 KB (4.2 MB in one transaction)
    const ws = 'ws-too-large';
    const huge = { ...contactOf(ws, 'c-huge'), jobTitle: 'x'.repeat(450_000) };
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...contactOf(ws, `c-${i}`),
      jobTitle: 'y'.repeat(350_000),
    }));
    const write = (contacts: Contact[]) =>
      store
        .writeBatch({
          workspaceId: ws,
          contacts: contacts.map((contact) => ({ contact, expectedVersion: 0 })),
          newEmails: [],
          phones: [],
        })
        .catch((error) => error);
    // Act
    const item = await write([huge, contactOf(ws, 'c-small')]);
    const transaction = await write(many);
    // Assess: storage_limit, never write_conflict (which the engine re-plans and would meet again forever)
    expect(isImportError(item, 'storage_limit')).toBe(true);
    expect(isImportError(transaction, 'storage_limit')).toBe(true);
    expect(await getItem(keys.contact(ws, 'c-small'))).toBeUndefined();
  });
});
