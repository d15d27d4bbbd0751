// `GET /contacts`' query read into one filter and a page: unknown parameters and combined filters are 400s, an
// email and a phone read as an import reads them (a `+` sent unencoded arrives as a space and still counts).

import { CONTACT_FILTERS, contactsQuerySchema, type ImportContactOutcome } from '../api/contacts.js';
import { validateRequest } from '../api/validate-request.js';
import { toPhoneCountry } from '../domain/normalize-phone.js';
import type { FieldReading } from '../domain/read-row.js';
import { readFieldValue } from '../domain/read-row.js';
import { ImportError } from '../errors.js';
import type { ContactFilter } from '../ports/contact-queries.js';
import type { WorkspaceSettings } from '../settings/workspace-settings.js';
import { searchWordsOf } from './search-text.js';

export type ContactsRequest =
  | { filter: ContactFilter; page: { limit: number; cursor?: string } }
  /** The contacts of one import: read from its journal, not by the ContactQueries port. */
  | { importId: string; outcome?: ImportContactOutcome; page: { limit: number; cursor?: string } };

const PARAMETERS = Object.keys(contactsQuerySchema.shape);

const invalid = (field: string, message: string) =>
  new ImportError('invalid_request', `${field}: ${message}`, { field });

/** A query of nothing but phone characters with enough digits is a phone number, searched as its E.164 form. */
const PHONE_LIKE = /^[\d\s()+.-]+$/;

const readValue = (field: string, reading: FieldReading): string | undefined => {
  if ('code' in reading) throw invalid(field, reading.message);
  return typeof reading.value === 'string' ? reading.value : undefined;
};

export const readContactsQuery = (
  query: Record<string, string | undefined>,
  settings: WorkspaceSettings,
): ContactsRequest => {
  const unknown = Object.keys(query).find((name) => !PARAMETERS.includes(name));
  if (unknown !== undefined) {
    throw invalid(unknown, `is not a parameter of GET /contacts; it takes ${PARAMETERS.join(', ')}`);
  }
  const request = validateRequest(contactsQuerySchema, query, 'query');
  const page = { limit: request.limit, ...(request.cursor ? { cursor: request.cursor } : {}) };
  const given = CONTACT_FILTERS.filter((name) => request[name] !== undefined && request[name] !== '');
  if (given.length > 1) {
    throw invalid(
      given[1] as string,
      `give one of ${CONTACT_FILTERS.join(', ')}: ${given.join(' and ')} were given together`,
    );
  }
  if (request.outcome !== undefined && !request.importId) {
    throw invalid('outcome', "selects among an import's contacts: give importId with it");
  }
  const country = toPhoneCountry(request.defaultCountry ?? settings.defaultCountry ?? 'US') ?? 'US';
  const target = { country };
  if (request.email) {
    const email = readValue(
      'email',
      readFieldValue({ kind: 'field', field: 'email' }, request.email, target),
    );
    return { filter: email ? { email } : {}, page };
  }
  if (request.phone) {
    // A `+` in a query string means a space: `?phone=+33…` unencoded arrives as ` 33…`.
    const raw = /^\s+\d/.test(request.phone) ? `+${request.phone.trimStart()}` : request.phone;
    const phone = readValue('phone', readFieldValue({ kind: 'field', field: 'phone' }, raw, target));
    return { filter: phone ? { phone } : {}, page };
  }
  if (request.importId) {
    return { importId: request.importId, ...(request.outcome ? { outcome: request.outcome } : {}), page };
  }
  if (request.externalId) return { filter: { externalId: request.externalId.trim() }, page };
  if (request.q) {
    const q = request.q.trim();
    const digits = q.replace(/\D/g, '').length;
    if (PHONE_LIKE.test(q) && digits >= 7) {
      const raw = /^\s*\d/.test(request.q) && /^\s/.test(request.q) ? `+${q}` : q;
      const reading = readFieldValue({ kind: 'field', field: 'phone' }, raw, target);
      if (!('code' in reading) && typeof reading.value === 'string')
        return { filter: { search: [reading.value] }, page };
    }
    const words = searchWordsOf(q);
    if (!Array.isArray(words)) throw invalid('q', `has ${words.tooMany} words; a search takes at most 8`);
    return { filter: words.length > 0 ? { search: words } : {}, page };
  }
  return { filter: {}, page };
};
