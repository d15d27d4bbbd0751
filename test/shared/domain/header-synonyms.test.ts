import { describe, expect, it } from 'vitest';
import { BUILT_IN_FIELDS, EXTERNAL_ID } from '../../../shared/domain/fields.js';
import {
  findSynonymField,
  HEADER_SYNONYMS,
  SYNONYMS_OF_FIELD,
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
    ['Title', 'job_title'],
    ['Position', 'job_title'],
    ['Given Name', 'first_name'],
    ['Family Name', 'last_name'],
    ['Surname', 'last_name'],
    ['Name', 'full_name'],
    ['Contact Name', 'full_name'],
    ['Labels', 'tags'],
    ['Tag', 'tags'],
  ])('maps the common synonym %j to %s', (header, field) => {
    // Act
    const found = findSynonymField(normalizeHeader(header));

    // Assess
    expect(found).toBe(field);
  });

  it('lists no spelling that is already a field name, which would make it exact rather than a synonym', () => {
    // Prepare
    const exactNames = new Set([...BUILT_IN_FIELDS, EXTERNAL_ID].map(normalizeHeader));

    // Act
    const shadowed = [...HEADER_SYNONYMS.keys()].filter((synonym) => exactNames.has(synonym));

    // Assess
    expect(shadowed).toEqual([]);
  });

  it('lists each spelling once, for a single field', () => {
    // Prepare
    const spellings = Object.values(SYNONYMS_OF_FIELD).flat().map(normalizeHeader);

    // Act
    const repeated = spellings.filter((spelling, index) => spellings.indexOf(spelling) !== index);

    // Assess
    expect(repeated).toEqual([]);
    expect(HEADER_SYNONYMS.size).toBe(spellings.length);
  });

  it.each(['Record ID', 'URL', 'Connected On', 'Notes', 'Middle Name', 'E-mail Type', 'Company Main Phone'])(
    'maps %j to nothing',
    (header) => {
      // Act / Assess
      expect(findSynonymField(normalizeHeader(header))).toBeUndefined();
    },
  );
});
