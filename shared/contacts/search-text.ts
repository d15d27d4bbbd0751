// The text `GET /contacts?q=` searches: name, email, phone and company, lower-cased and without accents.

import type { Contact } from '../domain/contact.js';

/** Longest search text kept on an item: the fields it joins are at most 256 or 254 characters each. */
const MAX_WORDS = 8;

/** Case- and accent-insensitive form: `Élodie` and `elodie` are one word. */
export const foldForSearch = (text: string): string =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The attribute written with each contact item (README "Data model"). */
export const searchTextOf = (contact: Contact): string =>
  foldForSearch(
    [contact.fullName, contact.firstName, contact.lastName, contact.email, contact.phone, contact.companyName]
      .filter((part) => part !== undefined && part !== '')
      .join(' '),
  );

/** The words of a query, each of which a found contact's search text contains; at most eight. */
export const searchWordsOf = (query: string): string[] | { tooMany: number } => {
  const words = [
    ...new Set(
      foldForSearch(query)
        .split(/\s+/)
        .filter((word) => word !== ''),
    ),
  ];
  return words.length > MAX_WORDS ? { tooMany: words.length } : words;
};
