// GET, PATCH and DELETE /contacts through the results handler on DynamoDB Local: filters, search, paging, edits
// read by the import's rules, versions, and the email guard and phone sets following every write.

import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbContactQueries } from '../../shared/adapters/dynamodb/dynamodb-contact-queries.js';
import { DynamoDbSettingsStore } from '../../shared/adapters/dynamodb/dynamodb-settings-store.js';
import { createHarness, type Harness } from '../support/import-harness.js';
import { apiEvent } from '../support/lambda-fixtures.js';
import { phoneSetMembers } from '../support/phone-set.js';
import { createResultsHandler, type ResultsHandler } from '../support/results-handler.js';

let h: Harness;
let results: ResultsHandler;
let settings: DynamoDbSettingsStore;

beforeAll(async () => {
  h = await createHarness();
  settings = new DynamoDbSettingsStore(h.env.documentClient, h.env.tableName);
  results = createResultsHandler(h.env, h.deps, { settings, now: () => new Date('2026-12-01T12:00:00Z') });
});

const body = (response: { body?: string }) => JSON.parse(response.body ?? '{}');

const list = async (workspaceId: string, query: Record<string, string>) => {
  const response = await results(apiEvent('GET /contacts', { workspaceId, query }));
  return { status: response.statusCode, ...body(response) };
};

const patch = async (
  workspaceId: string,
  id: string,
  changes: unknown,
  headers: Record<string, string> = {},
) => {
  const event = apiEvent('PATCH /contacts/{id}', {
    workspaceId,
    pathParameters: { id },
    body: JSON.stringify(changes),
  });
  Object.assign(event.headers, headers);
  const response = await results(event);
  return { status: response.statusCode, ...body(response) };
};

const remove = async (workspaceId: string, id: string, query?: Record<string, string>) =>
  (
    await results(
      apiEvent('DELETE /contacts/{id}', { workspaceId, pathParameters: { id }, ...(query ? { query } : {}) }),
    )
  ).statusCode;

const byEmail = async (workspaceId: string, email: string) =>
  (await list(workspaceId, { email })).contacts[0];

/** The guard and phone set of a key, read as matching reads them. */
const keysOf = async (workspaceId: string, email: string, phone: string) => {
  const lookup = await h.deps.contacts.lookupKeys(workspaceId, [email], [phone]);
  return {
    email: lookup.emails.get(email),
    phone: await phoneSetMembers(h.deps.contacts, workspaceId, phone),
  };
};

describe('PATCH /contacts/{id}', () => {
  it('moves the email guard with an edited email: the new one matches, the old one is free for a new contact', async () => {
    // Prepare
    const ws = 'edit-email';
    await h.importCsv('email,phone,first_name\nada@x.com,+14155550201,Ada\n', { workspaceId: ws });
    const ada = await byEmail(ws, 'ada@x.com');
    // Act
    const edited = await patch(ws, ada.id, { email: ' ADA@Lovelace.example ' });
    await h.importCsv('email,first_name\nada@x.com,Other\n', { workspaceId: ws });
    // Assess
    expect(edited).toMatchObject({ status: 200, email: 'ada@lovelace.example', ver: ada.ver + 1 });
    expect(edited.updatedAt).toBe('2026-12-01T12:00:00.000Z');
    expect(await keysOf(ws, 'ada@lovelace.example', '+14155550201')).toEqual({
      email: ada.id,
      phone: { [ada.id]: 'ada@lovelace.example' },
    });
    const other = await byEmail(ws, 'ada@x.com');
    expect(other.id).not.toBe(ada.id);
    expect(other.firstName).toBe('Other');
  });

  it('reads values as an import reads cells: a national phone in the workspace country, tags, typed custom fields', async () => {
    // Prepare
    const ws = 'edit-values';
    await settings.putSettings(ws, { defaultCountry: 'FR', decimalSeparator: ',' });
    await h.addCustomField({ key: 'score', label: 'Score', type: 'number' }, ws);
    await h.addCustomField({ key: 'vip', label: 'VIP', type: 'boolean' }, ws);
    await h.importCsv('email,first_name,last_name\nmarie@x.com,Marie,Curie\n', { workspaceId: ws });
    const marie = await byEmail(ws, 'marie@x.com');
    // Act
    const edited = await patch(ws, marie.id, {
      phone: '06 12 34 56 78',
      lastName: 'Skłodowska',
      tags: 'physics; Chemistry, chemistry',
      customFields: { score: '1 234,5', vip: 'yes' },
      jobTitle: '',
    });
    // Assess: the full name derived from first and last name follows them
    expect(edited).toMatchObject({
      status: 200,
      phone: '+33612345678',
      lastName: 'Skłodowska',
      fullName: 'Marie Skłodowska',
      tags: ['physics', 'Chemistry'],
      customFields: { score: 1234.5, vip: true },
      jobTitle: null,
    });
    expect((await keysOf(ws, 'marie@x.com', '+33612345678')).phone).toEqual({ [marie.id]: 'marie@x.com' });
  });

  it('answers 400 naming the field for a value an import would error, and changes nothing', async () => {
    // Prepare
    const ws = 'edit-invalid';
    await h.addCustomField({ key: 'born', label: 'Born', type: 'date' }, ws);
    await h.importCsv('email,phone\nbad@x.com,+14155550202\n', { workspaceId: ws });
    const contact = await byEmail(ws, 'bad@x.com');
    // Act
    const answers = await Promise.all([
      patch(ws, contact.id, { email: 'not an email' }),
      patch(ws, contact.id, { phone: '12' }),
      patch(ws, contact.id, { customFields: { born: '2024-13-45' } }),
      patch(ws, contact.id, { companyName: 'x'.repeat(257) }),
      patch(ws, contact.id, { customFields: { nope: 'x' } }),
      patch(ws, contact.id, { email: null, phone: '' }),
      patch(ws, contact.id, { name: 'Curie' }),
    ]);
    // Assess
    expect(answers.map(({ status, error }) => [status, error.code, error.field])).toEqual([
      [400, 'invalid_request', 'email'],
      [400, 'invalid_request', 'phone'],
      [400, 'invalid_request', 'customFields.born'],
      [400, 'invalid_request', 'companyName'],
      [400, 'unknown_field', 'customFields.nope'],
      [400, 'invalid_request', 'email'],
      [400, 'invalid_request', undefined],
    ]);
    expect(answers[0]?.error.message).toMatch(/^email: "not an email" is not a valid email address/);
    expect(answers[6]?.error.message).toMatch(/name/);
    expect(await byEmail(ws, 'bad@x.com')).toEqual(contact);
  });

  it('answers 409 email_taken for an email another contact has', async () => {
    // Prepare
    const ws = 'edit-taken';
    await h.importCsv('email\none@x.com\ntwo@x.com\n', { workspaceId: ws });
    const one = await byEmail(ws, 'one@x.com');
    // Act
    const answer = await patch(ws, one.id, { email: 'two@x.com' });
    // Assess
    expect(answer).toMatchObject({ status: 409, error: { code: 'email_taken', field: 'email' } });
    expect((await byEmail(ws, 'one@x.com')).id).toBe(one.id);
  });

  it('is conditioned on ver (body or If-Match): a stale one is 409 version_conflict, the current one applies', async () => {
    // Prepare
    const ws = 'edit-version';
    await h.importCsv('email,job_title\nver@x.com,Intern\n', { workspaceId: ws });
    const read = await byEmail(ws, 'ver@x.com');
    await patch(ws, read.id, { jobTitle: 'Engineer' });
    // Act
    const stale = await patch(ws, read.id, { jobTitle: 'CTO', ver: read.ver });
    const staleHeader = await patch(ws, read.id, { jobTitle: 'CTO' }, { 'if-match': `"${read.ver}"` });
    const current = await patch(ws, read.id, { jobTitle: 'CTO' }, { 'if-match': `"${read.ver + 1}"` });
    // Assess
    expect(stale).toMatchObject({ status: 409, error: { code: 'version_conflict' } });
    expect(staleHeader).toMatchObject({ status: 409, error: { code: 'version_conflict' } });
    expect(current).toMatchObject({ status: 200, jobTitle: 'CTO', ver: read.ver + 2 });
  });

  it('answers 404 for a contact of another workspace', async () => {
    // Prepare
    await h.importCsv('email\nmine@x.com\n', { workspaceId: 'owner-ws' });
    const mine = await byEmail('owner-ws', 'mine@x.com');
    // Act
    const answer = await patch('intruder-ws', mine.id, { jobTitle: 'x' });
    // Assess
    expect(answer.status).toBe(404);
    expect(await remove('intruder-ws', mine.id)).toBe(404);
  });
});

describe('DELETE /contacts/{id}', () => {
  it('deletes the contact with its guard and phone set membership, 204; a later import creates it anew', async () => {
    // Prepare: two contacts share a phone
    const ws = 'delete';
    await h.importCsv('email,phone\ngone@x.com,+14155550203\nstays@x.com,+14155550203\n', {
      workspaceId: ws,
    });
    const gone = await byEmail(ws, 'gone@x.com');
    const stays = await byEmail(ws, 'stays@x.com');
    // Act
    const stale = await remove(ws, gone.id, { ver: String(gone.ver + 1) });
    const status = await remove(ws, gone.id, { ver: String(gone.ver) });
    // Assess
    expect(stale).toBe(409);
    expect(status).toBe(204);
    expect(await remove(ws, gone.id)).toBe(404);
    expect(await keysOf(ws, 'gone@x.com', '+14155550203')).toEqual({
      email: undefined,
      phone: { [stays.id]: 'stays@x.com' },
    });
    const again = await h.importCsv('email\ngone@x.com\n', { workspaceId: ws });
    expect(again.summary.counts).toMatchObject({ created: 1 });
  });
});

describe('GET /contacts', () => {
  it('answers 400 naming an unknown parameter, and for two filters at once', async () => {
    // Act
    const unknown = await list('query', { name: 'Curie' });
    const both = await list('query', { email: 'a@x.com', phone: '+14155550100' });
    // Assess
    expect(unknown).toMatchObject({ status: 400, error: { field: 'name' } });
    expect(unknown.error.message).toMatch(/^name: is not a parameter of GET \/contacts; it takes .*q.*email/);
    expect(both).toMatchObject({ status: 400, error: { field: 'phone' } });
  });

  it('finds by phone in any format an import reads: a "+" sent unencoded, national with defaultCountry or the setting', async () => {
    // Prepare
    const ws = 'by-phone';
    await h.importCsv('email,phone\npierre@x.com,+33612345678\n', { workspaceId: ws });
    // Act
    const emails = async (query: Record<string, string>) =>
      (await list(ws, query)).contacts?.map((contact: { email: string }) => contact.email);
    const unencodedPlus = await emails({ phone: ' 33 6 12 34 56 78' });
    const national = await emails({ phone: '06.12.34.56.78', defaultCountry: 'fr' });
    const beforeSetting = await emails({ phone: '06 12 34 56 78' });
    await settings.putSettings(ws, { defaultCountry: 'FR' });
    const withSetting = await emails({ phone: '06 12 34 56 78' });
    // Assess
    expect(unencodedPlus).toEqual(['pierre@x.com']);
    expect(national).toEqual(['pierre@x.com']);
    expect(beforeSetting).toBeUndefined();
    expect(withSetting).toEqual(['pierre@x.com']);
    expect((await list(ws, { phone: '12' })).error).toMatchObject({
      code: 'invalid_request',
      field: 'phone',
    });
  });

  it('searches words in name, email, phone or company, case- and accent-insensitive', async () => {
    // Prepare
    const ws = 'search';
    await h.importCsv(
      'full_name,email,phone,company_name\n' +
        'Élodie Durand,elodie@x.com,+14155550210,Acme\n' +
        'Bob Stone,bob@stone.example,+14155550211,Élan Vital\n' +
        'Carla Acme-Fan,carla@x.com,,Globex\n',
      { workspaceId: ws },
    );
    // Act
    const names = async (q: string) =>
      (await list(ws, { q })).contacts.map((contact: { fullName: string }) => contact.fullName).sort();
    // Assess
    expect(await names('ELODIE')).toEqual(['Élodie Durand']);
    expect(await names('elan')).toEqual(['Bob Stone']);
    expect(await names('acme')).toEqual(['Carla Acme-Fan', 'Élodie Durand']);
    expect(await names('acme durand')).toEqual(['Élodie Durand']);
    expect(await names('stone.example')).toEqual(['Bob Stone']);
    expect(await names('(415) 555-0211')).toEqual(['Bob Stone']);
    expect(await names('nobody')).toEqual([]);
  });

  it('pages in a stable order: every contact once, the same order each time', async () => {
    // Prepare
    const ws = 'paging';
    const rows = Array.from({ length: 23 }, (_, i) => `p${i}@x.com,Person ${i}`).join('\n');
    await h.importCsv(`email,full_name\n${rows}\n`, { workspaceId: ws });
    const walk = async (query: Record<string, string>) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list(ws, { ...query, limit: '5', ...(cursor ? { cursor } : {}) });
        ids.push(...page.contacts.map((contact: { id: string }) => contact.id));
        cursor = page.cursor;
      } while (cursor);
      return ids;
    };
    // Act
    const first = await walk({});
    const second = await walk({});
    const searched = await walk({ q: 'person' });
    // Assess
    expect(first).toHaveLength(23);
    expect(new Set(first).size).toBe(23);
    expect(second).toEqual(first);
    expect(searched).toEqual(first);
  });

  it('stops a search page at its read budget with a cursor, so a page never reads the whole workspace', async () => {
    // Prepare: 30 contacts, the one found is among the last by key order; a budget of 10 items per page
    const ws = 'budget';
    const rows = Array.from({ length: 30 }, (_, i) => `b${i}@x.com,Person ${i}`).join('\n');
    await h.importCsv(`email,full_name\n${rows}\n`, { workspaceId: ws });
    const queries = new DynamoDbContactQueries(h.env.documentClient, h.env.tableName, 10);
    // Act
    let pages = 0;
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.listContacts(
        ws,
        { search: ['person 17'] },
        { limit: 100, ...(cursor ? { cursor } : {}) },
      );
      pages += 1;
      found.push(...page.contacts.map(({ value }) => value.email ?? ''));
      cursor = page.cursor;
    } while (cursor);
    // Assess: 30 contacts read 10 per page
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(found).toEqual(['b17@x.com']);
  });
});
