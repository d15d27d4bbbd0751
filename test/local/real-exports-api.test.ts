// Real exports posted to the local stack's API as a client would (POST /imports with a text/csv body), then their summaries.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../support/api-client.js';

interface Summary {
  status: string;
  counts: { rows: number; created: number; errored: number };
  skippedBy: Record<string, number>;
  columns: Array<{ header: string; field: string | null }>;
  warnings: Array<{ code: string; message: string }>;
}

let stack: LocalStack;
let api: ApiClient;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  const { apiKey } = await createApiKey(stack.apiKeys, 'exports');
  api = createApiClient(stack.apiUrl ?? '', apiKey);
});

afterAll(async () => {
  await stack?.stop();
});

const postFixture = async (name: string): Promise<Summary> => {
  const body = new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/exports', name)));
  const response = await api.request('POST', `/imports?fileName=${encodeURIComponent(name)}`, body, {
    'content-type': 'text/csv',
  });
  expect(response.status).toBe(202);
  const { importId } = (await response.json()) as { importId: string };
  return (await api.waitForImport(importId)) as unknown as Summary;
};

const mappedOf = (summary: Summary) =>
  Object.fromEntries(
    summary.columns.filter((column) => column.field !== null).map((c) => [c.header, c.field]),
  );

const contactByEmail = async (email: string) => {
  const { body } = await api.json<{ contacts: Array<Record<string, unknown>> }>(
    'GET',
    `/contacts?email=${encodeURIComponent(email)}`,
  );
  return body.contacts[0];
};

describe('real exports through the API', () => {
  it.each([
    [
      'pipedrive-people-prefixed.csv',
      { 'Person - Email - Work': 'email', 'Person - Phone - Mobile': 'phone' },
    ],
    ['pipedrive-people.csv', { 'Email - Work': 'email', 'Postal address - Country': 'phone_country' }],
    ['apple-contacts.csv', { 'Email (home)': 'email', 'Phone (iPhone)': 'phone' }],
    ['mailchimp-audience.csv', { 'Email Address': 'email', TAGS: 'tags' }],
    ['salesforce-report.csv', { 'Account Name': 'company_name', 'Mailing Country': 'phone_country' }],
    ['salesforce-data-loader.csv', { 'Account.Name': 'company_name', MailingCountry: 'phone_country' }],
    ['zoho-crm-contacts.csv', { 'Mailing Country': 'phone_country', Tag: 'tags' }],
    ['hubspot-contacts-2024.csv', { 'Mobile Phone Number': 'phone', 'Country/Region': 'phone_country' }],
    ['google-contacts.csv', { 'E-mail 1 - Value': 'email', 'Phone 1 - Value': 'phone' }],
    ['outlook.csv', { 'E-mail Address': 'email', 'Job Title': 'job_title' }],
    ['linkedin-connections.csv', { 'Email Address': 'email', Position: 'job_title' }],
    ['outlook-de.csv', { 'E-Mail-Adresse': 'email', 'Telefon geschäftlich': 'phone', Kategorien: 'tags' }],
    [
      'contacts-fr.csv',
      { 'Adresse de messagerie': 'email', 'Téléphone (bureau)': 'phone', Pays: 'phone_country' },
    ],
    ['contactos-es.csv', { 'Correo electrónico': 'email', 'Teléfono móvil': 'phone', País: 'phone_country' }],
    ['contatos-pt.csv', { 'E-mail': 'email', Celular: 'phone', País: 'phone_country' }],
    ['contatti-it.csv', { 'Indirizzo email': 'email', Cellulare: 'phone', Paese: 'phone_country' }],
    ['contacten-nl.csv', { 'E-mailadres': 'email', Telefoonnummer: 'phone', Land: 'phone_country' }],
  ])('imports %s with every row created and its columns mapped', async (name, columns) => {
    // Act
    const summary = await postFixture(name);

    // Assess
    expect(summary.status).toBe('completed');
    expect(summary.counts.errored).toBe(0);
    expect(summary.counts.created).toBeGreaterThanOrEqual(1);
    expect(mappedOf(summary)).toMatchObject(columns);
  });

  it('reads the Swedish 08 number of the Salesforce report in Sweden, skipping the footer', async () => {
    // Act
    const summary = await postFixture('salesforce-report.csv');

    // Assess
    expect(summary.skippedBy).toMatchObject({ footer: 2 });
    expect(await contactByEmail('sven.berg@nordic.example')).toMatchObject({ phone: '+46812345678' });
  });

  it('warns extra_emails_ignored for the Pipedrive cell of two addresses and keeps the first', async () => {
    // Act
    const summary = await postFixture('pipedrive-people-prefixed.csv');

    // Assess
    expect(summary.warnings.map((warning) => warning.code)).toEqual(['extra_emails_ignored']);
    expect(summary.warnings[0]?.message).toContain('1 row holds several email addresses');
    expect(await contactByEmail('tom@initech.example')).toMatchObject({ fullName: 'Tom Berg' });
  });

  it('keeps Mailchimp tags without their quotes', async () => {
    // Act
    await postFixture('mailchimp-audience.csv');

    // Assess
    expect(await contactByEmail('ava@example.org')).toMatchObject({
      tags: ['2023 Conference', 'Newsletter'],
    });
  });

  it('imports the German header row that used to fail no_header, and warns no_match_column without email or phone', async () => {
    // Act
    const response = await api.request(
      'POST',
      '/imports?fileName=namen.csv',
      'Vorname;Nachname;Firma\nAnna;Gruber;Beispiel AG\n',
      { 'content-type': 'text/csv' },
    );
    const { importId } = (await response.json()) as { importId: string };
    const summary = (await api.waitForImport(importId)) as unknown as Summary;

    // Assess
    expect(summary).toMatchObject({ status: 'completed', counts: { created: 1 } });
    expect(summary.warnings.map((warning) => warning.code)).toEqual(['no_match_column']);
  });
});
