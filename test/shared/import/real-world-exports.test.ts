import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;
let n = 0;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/exports', name));

beforeAll(async () => {
  h = await createHarness();
});

const importFixture = async (name: string) => {
  const ws = `export-${++n}`;
  const result = await h.importCsv(fixture(name), { workspaceId: ws, fileName: name });
  const contacts = await h.contacts(ws);
  const mapped = Object.fromEntries(
    result.summary.columns.filter((c) => c.field !== null).map((c) => [c.header, c.field]),
  );
  return { ...result, contacts, mapped };
};

describe('exports of other tools', () => {
  it('reads a Google Contacts export: labels as tags, the first of several emails, multi-line notes', async () => {
    const { summary, contacts, mapped } = await importFixture('google-contacts.csv');
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(mapped).toMatchObject({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      'Organization Name': 'company_name',
      'Organization Title': 'job_title',
      Labels: 'tags',
      'E-mail 1 - Value': 'email',
      'Phone 1 - Value': 'phone',
    });
    const zoe = contacts.find((c) => c.firstName === 'Zoë');
    expect(zoe).toMatchObject({
      fullName: 'Zoë Müller',
      email: 'zoe.mueller@acme.example',
      phone: '+4915123456789',
      companyName: 'Acme GmbH',
      jobTitle: 'Head of Sales',
      tags: ['Customers'],
    });
    expect(contacts.find((c) => c.firstName === 'Ravi')).toMatchObject({
      email: 'ravi@globex.example',
      phone: '+14155550132',
    });
  });

  it('reads a legacy Google Contacts export', async () => {
    const { summary, contacts, mapped } = await importFixture('google-contacts-legacy.csv');
    expect(summary.counts.created).toBe(1);
    expect(mapped).toMatchObject({
      Name: 'full_name',
      'Given Name': 'first_name',
      'Family Name': 'last_name',
      'E-mail 1 - Value': 'email',
      'Organization 1 - Name': 'company_name',
      'Organization 1 - Title': 'job_title',
    });
    expect(contacts[0]).toMatchObject({
      fullName: 'Ana Lima',
      phone: '+5511912345678',
      jobTitle: 'Engineer',
    });
  });

  it('reads an Outlook export in Windows-1252, where Title holds "Mr." beside a real Job Title', async () => {
    const { summary, contacts, mapped } = await importFixture('outlook.csv');
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(mapped.Title).toBeUndefined();
    expect(mapped).toMatchObject({ 'Job Title': 'job_title', 'E-mail Address': 'email', Categories: 'tags' });
    const francois = contacts.find((c) => c.email === 'francois@umbrella.example');
    expect(francois).toMatchObject({
      fullName: 'François Lefèvre',
      jobTitle: 'Directeur à Paris',
      phone: '+33123456789',
      tags: ['VIP', 'Partner'],
    });
    expect(contacts.find((c) => c.lastName === 'Smith')).toMatchObject({
      jobTitle: 'Surgeon',
      phone: '+12125550199',
    });
  });

  it('reads a HubSpot export and leaves its own columns unmapped', async () => {
    const { summary, mapped } = await importFixture('hubspot.csv');
    expect(summary.counts.created).toBe(2);
    expect(mapped).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone Number': 'phone',
      'Company Name': 'company_name',
      'Job Title': 'job_title',
    });
  });

  it('reads a LinkedIn export with notes above its header', async () => {
    const { summary, contacts, mapped } = await importFixture('linkedin-connections.csv');
    expect(summary.warnings[0]?.code).toBe('rows_above_header_ignored');
    expect(mapped).toMatchObject({
      'Email Address': 'email',
      Company: 'company_name',
      Position: 'job_title',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2 });
    expect(contacts.map((c) => c.fullName).sort()).toEqual(['Linus Torvalds', 'Margaret Hamilton']);
  });
});
