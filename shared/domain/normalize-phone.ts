// Reads a phone number with libphonenumber-js and gives its E.164 form (SPEC §3).

import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/** The country code libphonenumber-js knows for `code` (any case), or undefined. */
export function toPhoneCountry(code: string): CountryCode | undefined {
  const upper = code.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/**
 * The number in E.164 (`+14155552671`), or undefined when it is not a valid number. National
 * numbers are read in `defaultCountry`; `+`, the country's own international prefix (`011` in the
 * US) and `00` (Europe's, accepted from every country) start international numbers. Spaces, dots,
 * dashes, parentheses and a `tel:` prefix are ignored; an extension (`x123`, `ext. 123`) is dropped.
 */
export function normalizePhone(text: string, defaultCountry: CountryCode | undefined): string | undefined {
  const number = parsePhoneNumberFromString(text, defaultCountry);
  if (number?.isValid()) return number.number;
  const trimmed = text.trim();
  if (trimmed.startsWith('00')) {
    const international = parsePhoneNumberFromString(`+${trimmed.slice(2)}`);
    if (international?.isValid()) return international.number;
  }
  return undefined;
}
