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
    expect(summary.warnings.map((warning) => warning.code)).toEqual(['extra_emails_ignored']);
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

const byEmail = (contacts: Awaited<ReturnType<Harness['contacts']>>, email: string) =>
  contacts.find((contact) => contact.email === email);

describe('exports of CRMs and mail tools, with their prefixes, qualifiers and country columns', () => {
  it('reads a Pipedrive people export of the old style: the Person - prefix dropped, qualified emails and phones', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('pipedrive-people-prefixed.csv');

    // Assess
    expect(mapped).toEqual({
      'Person - Name': 'full_name',
      'Person - Label': 'tags',
      'Person - Organization': 'company_name',
      'Person - Email - Work': 'email',
      'Person - Email - Home': 'email',
      'Person - Email - Other': 'email',
      'Person - Phone - Work': 'phone',
      'Person - Phone - Home': 'phone',
      'Person - Phone - Mobile': 'phone',
      'Person - Phone - Other': 'phone',
      'Person - First name': 'first_name',
      'Person - Last name': 'last_name',
      'Person - Job title': 'job_title',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(summary.warnings.map((warning) => warning.code)).toEqual(['extra_emails_ignored']);
    expect(byEmail(contacts, 'lena.kraus@acme.example')).toMatchObject({
      fullName: 'Lena Kraus',
      phone: '+4915123456780',
      companyName: 'Acme GmbH',
      jobTitle: 'Head of Purchasing',
      tags: ['Hot lead'],
    });
    expect(byEmail(contacts, 'tom@initech.example')).toMatchObject({ phone: '+14155550100' });
  });

  it("reads a newer Pipedrive people export, with the row's country for a Swedish mobile number", async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('pipedrive-people.csv');

    // Assess
    expect(mapped).toMatchObject({
      Name: 'full_name',
      Organization: 'company_name',
      'Email - Work': 'email',
      'Email - Home': 'email',
      'Phone - Mobile': 'phone',
      'Postal address - Country': 'phone_country',
      'Job title': 'job_title',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(byEmail(contacts, 'elsa@nyberg.example')).toMatchObject({
      phone: '+46701234567',
      tags: ['Customer'],
    });
    expect(byEmail(contacts, 'ravi@globex.example')).toMatchObject({ phone: '+14155550132' });
  });

  it('reads an Apple/iCloud-style export: labels in parentheses, the fax and pager numbers left out', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('apple-contacts.csv');

    // Assess
    expect(mapped).toEqual({
      'First name': 'first_name',
      'Last name': 'last_name',
      Company: 'company_name',
      'Job Title': 'job_title',
      'Email (home)': 'email',
      'Email (work)': 'email',
      'Email (iCloud)': 'email',
      'Phone (mobile)': 'phone',
      'Phone (iPhone)': 'phone',
      'Phone (home)': 'phone',
      'Country (home)': 'phone_country',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(byEmail(contacts, 'mia@fruit.example')).toMatchObject({
      phone: '+14085550111',
      jobTitle: 'Designer',
    });
    expect(byEmail(contacts, 'noah@fischer.example')).toMatchObject({ phone: '+491712345678' });
  });

  it('reads a Mailchimp audience export: TAGS without their quotes, its own columns unmapped', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('mailchimp-audience.csv');

    // Assess
    expect(mapped).toEqual({
      'Email Address': 'email',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      'Phone Number': 'phone',
      Company: 'company_name',
      TAGS: 'tags',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(byEmail(contacts, 'ava@example.org')).toMatchObject({
      phone: '+12175550100',
      tags: ['2023 Conference', 'Newsletter'],
    });
    expect(byEmail(contacts, 'leo@example.net')?.tags).toEqual(['Newsletter']);
  });

  it('reads a Salesforce report export: Mailing Country places the Swedish 08 number, its footer is skipped', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('salesforce-report.csv');

    // Assess
    expect(mapped).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Title: 'job_title',
      'Account Name': 'company_name',
      Phone: 'phone',
      Email: 'email',
      'Mailing Country': 'phone_country',
    });
    expect(summary.counts).toMatchObject({ created: 2, errored: 0 });
    expect(summary.skippedBy).toMatchObject({ footer: 2 });
    expect(contacts).toHaveLength(2);
    expect(byEmail(contacts, 'sven.berg@nordic.example')).toMatchObject({
      phone: '+46812345678',
      companyName: 'Nordic AB',
      jobTitle: 'CFO',
    });
  });

  it('reads a Salesforce Data Loader export by its API names, Fax and AssistantPhone left out', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('salesforce-data-loader.csv');

    // Assess
    expect(mapped).toEqual({
      FirstName: 'first_name',
      LastName: 'last_name',
      Email: 'email',
      Phone: 'phone',
      Title: 'job_title',
      'Account.Name': 'company_name',
      MailingCountry: 'phone_country',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(byEmail(contacts, 'astrid@nordic.example')).toMatchObject({
      phone: '+46812345679',
      companyName: 'Nordic AB',
    });
  });

  it('reads a Zoho CRM contacts export: Spanish and French numbers by Mailing Country, Tag as tags', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('zoho-crm-contacts.csv');

    // Assess
    expect(mapped).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      'Account Name': 'company_name',
      Email: 'email',
      Title: 'job_title',
      Phone: 'phone',
      'Mailing Country': 'phone_country',
      Tag: 'tags',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(byEmail(contacts, 'lucia@iberica.example')).toMatchObject({
      phone: '+34912345678',
      tags: ['VIP', 'Feria 2024'],
    });
    expect(byEmail(contacts, 'marc@exemple.example')).toMatchObject({ phone: '+33123456789' });
  });

  it('reads a HubSpot export with Country/Region and a mobile number', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('hubspot-contacts-2024.csv');

    // Assess
    expect(mapped).toEqual({
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone Number': 'phone',
      'Mobile Phone Number': 'phone',
      'Company Name': 'company_name',
      'Job Title': 'job_title',
      'Country/Region': 'phone_country',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(byEmail(contacts, 'priya@example.co.uk')).toMatchObject({ phone: '+442079460958' });
    expect(byEmail(contacts, 'ken@example.jp')).toMatchObject({ phone: '+819012345678' });
  });
});

describe('exports in six languages', () => {
  it('reads a German Outlook export in Windows-1252 with semicolons: fax and company main line left out', async () => {
    // Act
    const { summary, contacts, mapped } = await importFixture('outlook-de.csv');

    // Assess
    expect(mapped).toEqual({
      Vorname: 'first_name',
      Nachname: 'last_name',
      Firma: 'company_name',
      Position: 'job_title',
      'E-Mail-Adresse': 'email',
      'Telefon geschäftlich': 'phone',
      Mobiltelefon: 'phone',
      'Land/Region geschäftlich': 'phone_country',
      Kategorien: 'tags',
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(byEmail(contacts, 'juergen.weiss@mueller.example')).toMatchObject({
      fullName: 'Jürgen Weiß',
      companyName: 'Müller & Söhne GmbH',
      phone: '+49301234567',
      tags: ['Kunde', 'Messe 2024'],
    });
    expect(byEmail(contacts, 'anna.gruber@beispiel.example')).toMatchObject({ phone: '+436641234567' });
  });

  it.each([
    [
      'contacts-fr.csv',
      {
        Prénom: 'first_name',
        Nom: 'last_name',
        Société: 'company_name',
        Fonction: 'job_title',
        'Adresse de messagerie': 'email',
        'Téléphone (bureau)': 'phone',
        'Tél. mobile': 'phone',
        Pays: 'phone_country',
        Étiquettes: 'tags',
      },
      {
        'francois.dupont@exemple.example': { fullName: 'François Dupont', phone: '+33123456789' },
        'claire.peeters@voorbeeld.example': { phone: '+32470123456' },
      },
    ],
    [
      'contactos-es.csv',
      {
        Nombre: 'first_name',
        Apellidos: 'last_name',
        'Correo electrónico': 'email',
        'Teléfono móvil': 'phone',
        Empresa: 'company_name',
        Cargo: 'job_title',
        País: 'phone_country',
        Etiquetas: 'tags',
      },
      {
        'lucia.garcia@ejemplo.example': { fullName: 'Lucía García López', phone: '+34612345678' },
        'diego@ejemplo-mx.example': { phone: '+525512345678' },
      },
    ],
    [
      'contatos-pt.csv',
      {
        Nome: 'first_name',
        Sobrenome: 'last_name',
        'E-mail': 'email',
        Celular: 'phone',
        Empresa: 'company_name',
        Cargo: 'job_title',
        País: 'phone_country',
        Marcadores: 'tags',
      },
      {
        'joao.silva@exemplo.example': { fullName: 'João Silva', phone: '+5511912345678' },
        'ines.costa@exemplo-pt.example': { phone: '+351912345678' },
      },
    ],
    [
      'contatti-it.csv',
      {
        Nome: 'first_name',
        Cognome: 'last_name',
        'Indirizzo email': 'email',
        Cellulare: 'phone',
        Azienda: 'company_name',
        Qualifica: 'job_title',
        Paese: 'phone_country',
        Etichette: 'tags',
      },
      {
        'giulia.rossi@esempio.example': { fullName: 'Giulia Rossi', phone: '+393331234567' },
        'luca@esempio-ch.example': { phone: '+41791234567' },
      },
    ],
    [
      'contacten-nl.csv',
      {
        Voornaam: 'first_name',
        Achternaam: 'last_name',
        'E-mailadres': 'email',
        Telefoonnummer: 'phone',
        Bedrijf: 'company_name',
        Functie: 'job_title',
        Land: 'phone_country',
        Labels: 'tags',
      },
      {
        'daan@voorbeeld.example': { fullName: 'Daan Berg', phone: '+31612345678' },
        'emma@voorbeeld-be.example': { phone: '+32470123456' },
      },
    ],
  ])('reads %s with each national number in the country its row names', async (name, columns, expected) => {
    // Act
    const { summary, contacts, mapped } = await importFixture(name);

    // Assess
    expect(mapped).toEqual(columns);
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    expect(summary.warnings).toEqual([]);
    for (const [email, values] of Object.entries(expected)) {
      expect(byEmail(contacts, email)).toMatchObject(values);
    }
  });
});

describe('what a file without email or phone gets', () => {
  it('imports names alone with warning no_match_column', async () => {
    // Act
    const { summary } = await h.importCsv('Vorname;Nachname;Firma\nAnna;Gruber;Beispiel AG\n', {
      workspaceId: `export-${++n}`,
    });

    // Assess
    expect(summary.counts).toMatchObject({ rows: 1, created: 1 });
    expect(summary.warnings.map((warning) => warning.code)).toEqual(['no_match_column']);
  });
});
