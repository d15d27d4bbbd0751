import { describe, expect, it } from 'vitest';
import { BUILT_IN_FIELDS, EXTERNAL_ID } from '../../../shared/domain/fields.js';
import {
  findQualifiedField,
  findSynonymField,
  foldHeader,
  HEADER_LANGUAGES,
  HEADER_SYNONYMS,
  type HeaderField,
  type HeaderLanguage,
  PHONE_COUNTRY,
  SYNONYMS_BY_LANGUAGE,
} from '../../../shared/domain/header-synonyms.js';
import { normalizeHeader } from '../../../shared/domain/normalize-header.js';

describe('header synonyms', () => {
  it.each([
    ['Email Address', 'email'],
    ['Mail', 'email'],
    ['Phone Number', 'phone'],
    ['Mobile', 'phone'],
    ['Cell', 'phone'],
    ['Telephone', 'phone'],
    ['Company', 'company_name'],
    ['Organization', 'company_name'],
    ['Organisation', 'company_name'],
    ['Account Name', 'company_name'],
    ['Account.Name', 'company_name'],
    ['Title', 'job_title'],
    ['Position', 'job_title'],
    ['Given Name', 'first_name'],
    ['Family Name', 'last_name'],
    ['Surname', 'last_name'],
    ['Name', 'full_name'],
    ['Contact Name', 'full_name'],
    ['Labels', 'tags'],
    ['Tag', 'tags'],
    ['MobilePhone', 'phone'],
    ['Country', PHONE_COUNTRY],
    ['Country/Region', PHONE_COUNTRY],
    ['MailingCountry', PHONE_COUNTRY],
  ])('maps the common synonym %j to %s', (header, field) => {
    // Act
    const found = findSynonymField(header);

    // Assess
    expect(found).toBe(field);
  });

  it.each([
    // German (the Excel file, and German Outlook)
    ['Vorname', 'first_name'],
    ['Nachname', 'last_name'],
    ['E-Mail-Adresse', 'email'],
    ['Telefonnummer', 'phone'],
    ['Firma', 'company_name'],
    ['Mobiltelefon', 'phone'],
    ['Kategorien', 'tags'],
    ['Land', PHONE_COUNTRY],
    // French
    ['Prénom', 'first_name'],
    ['Nom', 'last_name'],
    ['Courriel', 'email'],
    ['Téléphone', 'phone'],
    ['Société', 'company_name'],
    ['Poste', 'job_title'],
    ['Pays', PHONE_COUNTRY],
    // Spanish
    ['Nombre', 'first_name'],
    ['Apellidos', 'last_name'],
    ['Correo electrónico', 'email'],
    ['Teléfono', 'phone'],
    ['Empresa', 'company_name'],
    ['Cargo', 'job_title'],
    ['País', PHONE_COUNTRY],
    // Portuguese
    ['Sobrenome', 'last_name'],
    ['Telemóvel', 'phone'],
    ['Organização', 'company_name'],
    // Italian
    ['Cognome', 'last_name'],
    ['Cellulare', 'phone'],
    ['Azienda', 'company_name'],
    ['Paese', PHONE_COUNTRY],
    // Dutch
    ['Voornaam', 'first_name'],
    ['Achternaam', 'last_name'],
    ['E-mailadres', 'email'],
    ['Telefoonnummer', 'phone'],
    ['Bedrijf', 'company_name'],
    ['Functie', 'job_title'],
  ])('maps the foreign header %j to %s', (header, field) => {
    // Act / Assess
    expect(findSynonymField(header)).toBe(field);
  });

  it('reads accents as optional: Telefono, Societe and Prenom as people type them without', () => {
    // Act / Assess
    expect(findSynonymField('Telefono')).toBe('phone');
    expect(findSynonymField('Societe')).toBe('company_name');
    expect(findSynonymField('PRENOM')).toBe('first_name');
  });

  it.each(HEADER_LANGUAGES)('names every built-in field and the phone country in %s', (language) => {
    // Prepare
    const names = SYNONYMS_BY_LANGUAGE[language as HeaderLanguage];

    // Act
    const fields: HeaderField[] = [...BUILT_IN_FIELDS, PHONE_COUNTRY];
    const unnamed = fields.filter((field) => names[field].length === 0);

    // Assess
    expect(unnamed).toEqual([]);
  });

  it('lists no spelling that is already a field name, which would make it exact rather than a synonym', () => {
    // Prepare
    const exactNames = new Set([...BUILT_IN_FIELDS, EXTERNAL_ID, PHONE_COUNTRY].map(normalizeHeader));

    // Act
    const shadowed = [...HEADER_SYNONYMS.keys()].filter((synonym) => exactNames.has(synonym));

    // Assess
    expect(shadowed).toEqual([]);
  });

  it('lists a spelling for one field only, in whichever languages share it', () => {
    // Prepare
    const fieldsBySpelling = new Map<string, Set<string>>();
    for (const language of HEADER_LANGUAGES) {
      for (const [field, spellings] of Object.entries(SYNONYMS_BY_LANGUAGE[language])) {
        for (const spelling of spellings) {
          const key = foldHeader(spelling);
          fieldsBySpelling.set(key, (fieldsBySpelling.get(key) ?? new Set()).add(field));
        }
      }
    }

    // Act
    const ambiguous = [...fieldsBySpelling].filter(([, fields]) => fields.size > 1).map(([key]) => key);

    // Assess
    expect(ambiguous).toEqual([]);
    expect(HEADER_SYNONYMS.size).toBe(fieldsBySpelling.size);
  });

  it.each(['Record ID', 'URL', 'Connected On', 'Notes', 'Middle Name', 'E-mail Type', 'Company Main Phone'])(
    'maps %j to nothing',
    (header) => {
      // Act / Assess
      expect(findSynonymField(header)).toBeUndefined();
      expect(findQualifiedField(header)).toBeUndefined();
    },
  );
});

describe('headers among qualifiers', () => {
  it.each([
    ['Email - Work', 'email'],
    ['Email - Home', 'email'],
    ['Email (home)', 'email'],
    ['Email (work)', 'email'],
    ['Email (iCloud)', 'email'],
    ['Work Email', 'email'],
    ['Secondary Email', 'email'],
    ['E-mail 2', 'email'],
    ['Email Address 2', 'email'],
    ['Primary Phone', 'phone'],
    ['Phone (mobile)', 'phone'],
    ['Phone (iPhone)', 'phone'],
    ['Phone - Mobile', 'phone'],
    ['Phone (main)', 'phone'],
    ['Mobile Phone Number', 'phone'],
    ['Phone Number (Work)', 'phone'],
    ['Telefon geschäftlich', 'phone'],
    ['Telefon privat 2', 'phone'],
    ['Weiteres Telefon', 'phone'],
    ['E-Mail 2: Adresse', 'email'],
    ['Téléphone (domicile)', 'phone'],
    ['Adresse e-mail professionnelle', 'email'],
    ['Correo electrónico del trabajo', 'email'],
    ['Telefone comercial', 'phone'],
    ['Telefono di casa', 'phone'],
    ['Telefoon werk', 'phone'],
    ['Mailing Country', PHONE_COUNTRY],
    ['Business Country/Region', PHONE_COUNTRY],
    ['Land/Region geschäftlich', PHONE_COUNTRY],
  ])('finds %j under its qualifiers: %s', (header, field) => {
    // Act / Assess
    expect(findQualifiedField(header)).toBe(field);
  });

  it.each([
    'Business Fax',
    'Home Fax',
    'Fax',
    'Pager',
    'Phone (work fax)',
    'Phone (pager)',
    'Company Main Phone',
    'Telefon Firma',
    'Fax geschäftlich',
    "Assistant's Phone",
    'Telefon Assistent',
    'Car Phone',
    'Callback',
    'TTY/TDD Phone',
    'Telex',
    'Téléphone standard',
  ])('never maps %j to phone', (header) => {
    // Act / Assess
    expect(findSynonymField(header)).toBeUndefined();
    expect(findQualifiedField(header)).toBeUndefined();
  });

  it.each([
    'E-mail 1 - Label',
    'Phone 1 - Type',
    'Home',
    'Work',
    'Other',
    'Company Address',
    'Company Number',
  ])('takes %j, a label or qualifiers alone, for no field', (header) => {
    // Act / Assess
    expect(findQualifiedField(header)).toBeUndefined();
  });
});
