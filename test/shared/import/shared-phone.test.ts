// A phone on thousands of contacts (a switchboard, a placeholder): no cap, exact counts, the phone rule still exact.

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSettingsStore } from '../../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { editContact } from '../../../shared/contacts/edit-contact.js';
import { integrityProblems, scanTable, workspaceItems } from '../../reliability/support/workspace-state.js';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

const SWITCHBOARD = '+12125550100';

/** Items stored in a workspace's phone partition: its head and its member items. */
const phoneItems = async (workspaceId: string, phone: string) => {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await h.env.documentClient.send(
      new ScanCommand({
        TableName: h.env.tableName,
        FilterExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `W#${workspaceId}#P#${phone}` },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...((page.Items as Array<Record<string, unknown>> | undefined) ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

describe('a phone shared by many contacts', () => {
  it('imports 12,000 rows sharing one phone (distinct emails) as 12,000 contacts; a row with only the phone is ambiguous', async () => {
    // Prepare
    const ws = 'switchboard';
    const rows = Array.from({ length: 12_000 }, (_, i) => `p${i}@x.example,Person ${i},${SWITCHBOARD}`);
    // Act
    const big = await h.importCsv(`email,full_name,phone\n${rows.join('\n')}\n`, { workspaceId: ws });
    const phoneOnly = await h.importCsv(`phone,job_title\n${SWITCHBOARD},Reception\n`, { workspaceId: ws });
    // Assess: every row created its contact; the head counts them, one member item each but the two it lists
    expect(big.summary.status).toBe('completed');
    expect(big.summary.counts).toMatchObject({ rows: 12_000, created: 12_000, updated: 0, errored: 0 });
    const items = await phoneItems(ws, SWITCHBOARD);
    const head = items.find((item) => item.sk === '-');
    expect(head).toMatchObject({ count: 12_000, withoutEmail: 0 });
    expect(Object.keys(head?.listed as object)).toHaveLength(2);
    expect(items.filter((item) => String(item.sk).startsWith('M#1#'))).toHaveLength(11_998);
    expect(Math.max(...items.map((item) => JSON.stringify(item).length))).toBeLessThan(1024);
    expect(phoneOnly.summary.counts).toMatchObject({ rows: 1, errored: 1, created: 0 });
    expect(phoneOnly.report).toContain('ambiguous_match');
    expect(phoneOnly.report).toContain('12000 contacts have this phone number');
    expect(integrityProblems(workspaceItems(await scanTable(h.env), ws))).toEqual([]);
  }, 900_000);

  it('matches the last contact on a shared phone once the others moved away, in the same import and the next', async () => {
    // Prepare: 600 contacts on one phone (two listed by its head, the rest member items)
    const ws = 'switchboard-moves';
    const seed = Array.from({ length: 600 }, (_, i) => `m${i}@x.example,Person ${i},${SWITCHBOARD}`);
    await h.importCsv(`email,full_name,phone\n${seed.join('\n')}\n`, { workspaceId: ws });
    // Act: an import moves 599 of them to their own phones over batches of 100 rows, then names only the shared
    // phone; a later import does again
    const moves = Array.from(
      { length: 599 },
      (_, i) => `m${i}@x.example,,+1415555${String(1000 + i).padStart(4, '0')}`,
    );
    const moved = await h.importCsv(
      `email,job_title,phone\n${moves.join('\n')}\n,Last one,${SWITCHBOARD}\n`,
      { workspaceId: ws, batchRows: 100 },
    );
    const later = await h.importCsv(`phone,company_name\n${SWITCHBOARD},Switchboard Inc\n`, {
      workspaceId: ws,
    });
    // Assess: the phone-only rows updated the one left (m599), never an ambiguous match nor a new contact
    expect(moved.summary.counts).toMatchObject({ rows: 600, updated: 600, created: 0, errored: 0 });
    expect(later.summary.counts).toMatchObject({ rows: 1, updated: 1, created: 0, errored: 0 });
    const last = (await h.contacts(ws)).find((contact) => contact.email === 'm599@x.example');
    expect(last).toMatchObject({ phone: SWITCHBOARD, jobTitle: 'Last one', companyName: 'Switchboard Inc' });
    const items = await phoneItems(ws, SWITCHBOARD);
    expect(items.find((item) => item.sk === '-')).toMatchObject({ count: 1, withoutEmail: 0 });
    expect(items).toHaveLength(items.some((item) => String(item.sk).startsWith('M#')) ? 2 : 1);
    expect(integrityProblems(workspaceItems(await scanTable(h.env), ws))).toEqual([]);
  }, 600_000);

  it('tells the one contact without an email among many sharing a phone, and fills its email', async () => {
    // Prepare: 50 contacts with emails on one phone; a person gives that phone to a contact without an email
    const ws = 'switchboard-no-email';
    const seed = Array.from({ length: 50 }, (_, i) => `e${i}@x.example,Person ${i},${SWITCHBOARD}`);
    await h.importCsv(`email,full_name,phone\n${seed.join('\n')}\n`, { workspaceId: ws });
    await h.importCsv('full_name,phone\nFront Desk,+12125550199\n', { workspaceId: ws });
    const deskBefore = (await h.contacts(ws)).find((contact) => contact.fullName === 'Front Desk');
    const deps = {
      contactStore: h.deps.contacts,
      customFields: h.deps.customFields,
      settings: new DynamoDbSettingsStore(h.env.documentClient, h.env.tableName),
      now: () => new Date(),
    };
    await editContact(deps, ws, deskBefore?.id as string, { phone: SWITCHBOARD });
    // Act: a row with a new email and the phone matches the one without an email (it gets the email); then another
    const phoneOnly = await h.importCsv(`phone,job_title\n${SWITCHBOARD},Reception\n`, { workspaceId: ws });
    const first = await h.importCsv(`email,phone\ndesk@x.example,${SWITCHBOARD}\n`, { workspaceId: ws });
    const second = await h.importCsv(`email,phone\nother@x.example,${SWITCHBOARD}\n`, { workspaceId: ws });
    // Assess: a phone-only row has 51 candidates; the first email row updated the front desk; the second found no
    // candidate left and created a contact
    expect(phoneOnly.summary.counts).toMatchObject({ errored: 1 });
    expect(first.summary.counts).toMatchObject({ updated: 1, created: 0 });
    const desk = (await h.contacts(ws)).find((contact) => contact.fullName === 'Front Desk');
    expect(desk?.email).toBe('desk@x.example');
    expect(second.summary.counts).toMatchObject({ updated: 0, created: 1 });
    const items = await phoneItems(ws, SWITCHBOARD);
    expect(items.find((item) => item.sk === '-')).toMatchObject({ count: 52, withoutEmail: 0 });
    expect(items.filter((item) => String(item.sk).startsWith('M#0#'))).toHaveLength(0);
    expect(integrityProblems(workspaceItems(await scanTable(h.env), ws))).toEqual([]);
  }, 300_000);
});
