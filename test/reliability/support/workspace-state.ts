// Reads a workspace's raw items and checks the invariants of the data model: one guard per email, phone sets whose
// head counts and members are exactly the contacts with that phone, and contacts comparable across runs.

import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Contact } from '../../../shared/domain/contact.js';
import { PHONE_HEAD_LISTS } from '../../../shared/ports/contact-store.js';
import type { TestEnv } from '../../support/test-env.js';

export type ComparableContact = Omit<Contact, 'id' | 'workspaceId' | 'createdAt' | 'updatedAt' | 'createdBy'>;

/**
 * The contacts without what differs between two equivalent runs (random ids, clock times, the import that created
 * each), in a stable order.
 */
export const comparable = (contacts: Contact[]): ComparableContact[] =>
  contacts
    .map(({ id: _id, workspaceId: _ws, createdAt: _c, updatedAt: _u, createdBy: _b, ...rest }) => rest)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** A phone's set as stored: its head (absent: none) and every member, listed by the head or an item of its own. */
export interface RawPhoneSet {
  head?: { count: unknown; withoutEmail: unknown; listed: Record<string, string>; ver: unknown };
  items: Array<{ sk: string; contactId: string; email: string }>;
}

export interface RawWorkspace {
  contacts: Array<Record<string, unknown>>;
  guards: Map<string, string>;
  phoneSets: Map<string, RawPhoneSet>;
}

/** The members of a stored phone set, id → email: those its head lists and its member items. */
export const phoneSetMembers = (set: RawPhoneSet | undefined): Record<string, string> => {
  const members: Record<string, string> = { ...(set?.head?.listed ?? {}) };
  for (const item of set?.items ?? []) members[item.contactId] = item.email;
  return members;
};

/** Every item of the table, grouped by workspace: a test checks many workspaces with one scan. */
export const scanTable = async (
  env: Pick<TestEnv, 'documentClient' | 'tableName'>,
): Promise<Array<Record<string, unknown>>> => {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await env.documentClient.send(
      new ScanCommand({ TableName: env.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...((page.Items as Array<Record<string, unknown>> | undefined) ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

export const workspaceItems = (items: Array<Record<string, unknown>>, workspaceId: string): RawWorkspace => {
  const own = `W#${workspaceId}`;
  const state: RawWorkspace = { contacts: [], guards: new Map(), phoneSets: new Map() };
  for (const item of items) {
    const pk = String(item.pk);
    const sk = String(item.sk);
    if (pk.startsWith(`${own}#C#`) && sk.startsWith('C#')) state.contacts.push(item);
    else if (pk.startsWith(`${own}#E#`)) state.guards.set(pk.slice(own.length + 3), String(item.contactId));
    else if (pk.startsWith(`${own}#P#`)) {
      const phone = pk.slice(own.length + 3);
      const set = state.phoneSets.get(phone) ?? { items: [] };
      if (sk === '-') {
        set.head = {
          count: item.count,
          withoutEmail: item.withoutEmail,
          listed: (item.listed as Record<string, string> | undefined) ?? {},
          ver: item.ver,
        };
      } else {
        set.items.push({ sk, contactId: String(item.contactId), email: String(item.email) });
      }
      state.phoneSets.set(phone, set);
    }
  }
  return state;
};

/** What is wrong with the workspace's items; empty when the guards and phone sets agree with the contacts. */
export const integrityProblems = (state: RawWorkspace): string[] => {
  const problems: string[] = [];
  const byId = new Map(state.contacts.map((c) => [String(c.id), c]));
  const emails = new Map<string, string>();
  for (const contact of state.contacts) {
    const email = contact.email as string | undefined;
    if (!email) continue;
    if (emails.has(email)) problems.push(`two contacts have ${email}`);
    emails.set(email, String(contact.id));
  }
  for (const [email, id] of emails) {
    if (state.guards.get(email) !== id) problems.push(`the guard of ${email} does not point to its contact`);
  }
  for (const [email, id] of state.guards) {
    if (byId.get(id)?.email !== email) problems.push(`the guard of ${email} points to a contact without it`);
  }
  const phones = new Map<string, Record<string, string>>();
  for (const contact of state.contacts) {
    const phone = contact.phone as string | undefined;
    if (!phone) continue;
    const members = phones.get(phone) ?? {};
    members[String(contact.id)] = (contact.email as string | undefined) ?? '';
    phones.set(phone, members);
  }
  for (const [phone, members] of phones) {
    const set = state.phoneSets.get(phone);
    if (JSON.stringify(sortKeys(phoneSetMembers(set))) !== JSON.stringify(sortKeys(members))) {
      problems.push(`the phone set of ${phone} does not list exactly its contacts`);
    }
    const count = Object.keys(members).length;
    const withoutEmail = Object.values(members).filter((email) => email === '').length;
    if (set?.head?.count !== count)
      problems.push(`the head of ${phone} counts ${set?.head?.count}, not ${count}`);
    if (set?.head?.withoutEmail !== withoutEmail) {
      problems.push(
        `the head of ${phone} counts ${set?.head?.withoutEmail} without email, not ${withoutEmail}`,
      );
    }
  }
  for (const [phone, set] of state.phoneSets) {
    if (!phones.has(phone)) problems.push(`the phone set of ${phone} has no contact`);
    if (!set.head) problems.push(`the phone set of ${phone} has member items and no head`);
    const listed = Object.keys(set.head?.listed ?? {});
    if (listed.length > PHONE_HEAD_LISTS)
      problems.push(`the head of ${phone} lists ${listed.length} members`);
    for (const item of set.items) {
      if (listed.includes(item.contactId))
        problems.push(`${item.contactId} is listed and an item of ${phone}`);
      if (item.sk !== `M#${item.email === '' ? '0' : '1'}#${item.contactId}`) {
        problems.push(`the member item ${item.sk} of ${phone} is not keyed by its contact and email`);
      }
    }
  }
  return problems;
};

const sortKeys = (record: Record<string, string>) =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** The contacts, guards, phone sets and custom fields of a workspace, without its imports. */
export const snapshotWorkspace = (items: Array<Record<string, unknown>>, workspaceId: string) => {
  const own = `W#${workspaceId}`;
  return items.filter((item) => {
    const pk = String(item.pk);
    const sk = String(item.sk);
    if (pk === own) return sk.startsWith('F#');
    return pk.startsWith(`${own}#C#`) || pk.startsWith(`${own}#E#`) || pk.startsWith(`${own}#P#`);
  });
};

/** Writes a snapshot taken from one workspace into another: a starting point without importing it again. */
export const restoreWorkspace = async (
  env: TestEnv,
  snapshot: Array<Record<string, unknown>>,
  from: string,
  to: string,
): Promise<void> => {
  const moved = snapshot.map((item) => {
    const copy: Record<string, unknown> = {
      ...item,
      pk: `W#${to}${String(item.pk).slice(`W#${from}`.length)}`,
    };
    if (copy.workspaceId === from) copy.workspaceId = to;
    for (const attribute of ['gsiExternalId']) {
      const value = copy[attribute];
      if (typeof value === 'string') copy[attribute] = `${to}${value.slice(from.length)}`;
    }
    return copy;
  });
  for (let i = 0; i < moved.length; i += 25) {
    const requests = moved.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    let pending: typeof requests | undefined = requests;
    while (pending && pending.length > 0) {
      const response = await env.documentClient.send(
        new BatchWriteCommand({ RequestItems: { [env.tableName]: pending } }),
      );
      pending = response.UnprocessedItems?.[env.tableName] as typeof requests | undefined;
    }
  }
};
