// Finds the prefix that every header of a row shares, such as Pipedrive's `Person - ` (SPEC §2).

import { PREFIX_SEPARATORS } from './header-synonyms.js';

/**
 * The length of the prefix that every non-empty header of the row starts with and that ends with a separator
 * (`Person - `, `Contact: `, `contact.`), leaving something of each header; 0 when there is none or the row has
 * fewer than two headers. The longest such prefix is taken (`Person - ` rather than a shorter one).
 */
export function sharedPrefixLength(headers: readonly string[]): number {
  const named = headers.filter((header) => header !== '');
  const [first] = named;
  if (first === undefined || named.length < 2) return 0;
  let common = first.length;
  for (const header of named) {
    let same = 0;
    while (same < common && same < header.length && header[same] === first[same]) same++;
    common = same;
  }
  for (let end = common; end > 0; end--) {
    const candidate = first.slice(0, end);
    const endsWithSeparator = PREFIX_SEPARATORS.some((separator) => candidate.endsWith(separator));
    if (
      endsWithSeparator &&
      named.every((header) => header.length > end && header.slice(end).trim() !== '')
    ) {
      return end;
    }
  }
  return 0;
}
