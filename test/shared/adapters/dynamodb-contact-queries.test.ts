// Contacts found by email, phone and external id through GSIs that project keys only: whole contacts, read by key.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { toContactItem } from '../../../shared/adapters/dynamodb/contact-item.js';
import { DynamoDbContactQueries } from '../../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { tableDefinition } from '../../../shared/adapters/dynamodb/table-design.js';
import type { Contact } from '../../../shared/domain/contact.js';
import { createTestEnv, type TestEnv } from '../../support/test-env.js';

let env: TestEnv;
let queries: DynamoDbContactQueries;

beforeAll(async () => {
  env = await createTestEnv();
  queries = new DynamoDbContactQueries(env.documentClient, env.tableName);
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

const store = async (contact: Contact, ver = 1) =>
  env.documentClient.send(
    new PutCommand({ TableName: env.tableName, Item: toContactItem(contact, ver, 'crmId') }),
  );

describe('DynamoDbContactQueries on keys-only GSIs', () => {
  it('projects keys only on every index, so that a write leaving the indexed values alone costs them nothing', () => {
    const indexes = tableDefinition('t').GlobalSecondaryIndexes ?? [];
    expect(indexes.length).toBe(3);
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

  it('finds nobody for a value no contact has, nor for another workspace', async () => {
    await store(contactOf('queries-keys-only-a', 'zed', { email: 'zed@x.com' }));
    expect(
      (await queries.listContacts('queries-keys-only-b', { email: 'zed@x.com' }, { limit: 5 })).contacts,
    ).toEqual([]);
    expect(
      (await queries.listContacts('queries-keys-only-a', { email: 'no@x.com' }, { limit: 5 })).contacts,
    ).toEqual([]);
  });
});
