// The one list of header synonyms (SPEC §2): other names, and real exports' column names, for each built-in field.

import type { BuiltInField } from './fields.js';
import { normalizeHeader } from './normalize-header.js';

/**
 * Headers as people and exports write them, one spelling per normalised form (`Cell Phone`
 * covers `Cellphone`). Spellings that normalise to a field's own name (`E-mail`, `First-Name`,
 * `Full Name`, `Company Name`, `Job Title`) are exact names, not synonyms, so they are not
 * listed: an exact name wins over the synonyms of its field.
 *
 * Exports covered: Google Contacts (the old format with `Given Name`, `E-mail 1 - Value`,
 * `Organization 1 - Name`, `Group Membership`; the 2023+ format with `First Name`,
 * `Organization Name`, `Organization Title`, `Labels`), Outlook (`E-mail Address`,
 * `Business Phone`, `Mobile Phone`, `Categories`, and `Title`, which holds Mr./Dr. beside a real
 * `Job Title`), HubSpot (`Phone Number`, `Mobile Phone Number`, `Associated Company`) and
 * LinkedIn connections (`Email Address`, `Company`, `Position`). Columns such as `Record ID`,
 * `URL` or `Connected On` map to nothing.
 */
const SYNONYMS_BY_FIELD: Record<BuiltInField, readonly string[]> = {
  full_name: ['Name', 'Contact Name', 'Display Name', 'Person Name'],
  first_name: ['First', 'Given Name', 'Given', 'Forename', 'First Names', 'Contact First Name', 'fname'],
  last_name: ['Last', 'Surname', 'Family Name', 'Family', 'Contact Last Name', 'lname'],
  email: [
    'Email Address',
    'Email Addresses',
    'Mail',
    'Mail Address',
    'Emails',
    'Email 1',
    'Email 2',
    'Email 3',
    'Primary Email',
    'Work Email',
    'Business Email',
    'Personal Email',
    'Home Email',
    'Contact Email',
    'E-mail 1 - Value',
    'E-mail 2 - Value',
    'E-mail 3 - Value',
    'E-mail 2 Address',
    'E-mail 3 Address',
  ],
  phone: [
    'Phone Number',
    'Phone Numbers',
    'Phones',
    'Phone 1',
    'Phone 2',
    'Phone 3',
    'Mobile',
    'Mobile Phone',
    'Mobile Number',
    'Mobile Phone Number',
    'Cell',
    'Cell Phone',
    'Cell Number',
    'Telephone',
    'Telephone Number',
    'Tel',
    'Work Phone',
    'Office Phone',
    'Direct Phone',
    'Business Phone',
    'Business Phone 2',
    'Home Phone',
    'Home Phone 2',
    'Primary Phone',
    'Other Phone',
    'Phone 1 - Value',
    'Phone 2 - Value',
    'Phone 3 - Value',
  ],
  company_name: [
    'Company',
    'Organization',
    'Organisation',
    'Organization Name',
    'Organisation Name',
    'Organization 1 - Name',
    'Account Name',
    'Associated Company',
    'Employer',
    'Business Name',
  ],
  job_title: [
    'Title',
    'Position',
    'Job',
    'Job Position',
    'Role',
    'Job Role',
    'Occupation',
    'Designation',
    'Organization Title',
    'Organisation Title',
    'Organization 1 - Title',
  ],
  tags: ['Tag', 'Labels', 'Label', 'Categories', 'Category', 'Group Membership', 'Groups'],
};

function buildSynonymIndex(): ReadonlyMap<string, BuiltInField> {
  const index = new Map<string, BuiltInField>();
  for (const [field, synonyms] of Object.entries(SYNONYMS_BY_FIELD) as [BuiltInField, readonly string[]][]) {
    for (const synonym of synonyms) {
      const key = normalizeHeader(synonym);
      const taken = index.get(key);
      // Fails at load rather than mapping a header to whichever field happened to come last.
      if (taken !== undefined && taken !== field) {
        throw new Error(`Header synonym "${synonym}" is listed for both ${taken} and ${field}`);
      }
      index.set(key, field);
    }
  }
  return index;
}

/** Normalised synonym (see `normalizeHeader`) → the built-in field it stands for. */
export const HEADER_SYNONYMS: ReadonlyMap<string, BuiltInField> = buildSynonymIndex();

/** The raw synonym spellings per field, for documentation and the template. */
export const SYNONYMS_OF_FIELD: Readonly<Record<BuiltInField, readonly string[]>> = SYNONYMS_BY_FIELD;

/** The built-in field a normalised header is a synonym of, if any. */
export function findSynonymField(normalizedHeader: string): BuiltInField | undefined {
  return HEADER_SYNONYMS.get(normalizedHeader);
}
