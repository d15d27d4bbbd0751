// A country as every way in takes it (SPEC §3): an ISO 3166 alpha-2 code, common mistakes refused by name.

import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';

/** Codes people write that are not ISO 3166 alpha-2, and the code they mean. */
const MISTAKEN_CODES: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' };

/** The code in capitals, or why it is refused (a message that follows the option's name). */
export const checkCountryCode = (text: string): { code: string } | { problem: string } => {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code))
    return { problem: 'must be a two-letter ISO 3166 country code (US, GB, DE…)' };
  const meant = MISTAKEN_CODES[code];
  if (meant) return { problem: `is not an ISO 3166 country code: use ${meant} for ${code}` };
  if (!isSupportedCountry(code)) return { problem: `"${code}" is not a country code libphonenumber knows` };
  return { code };
};

export const countryCodeSchema = z
  .string({ error: 'takes a two-letter country code' })
  .transform((text, ctx) => {
    const checked = checkCountryCode(text);
    if ('problem' in checked) {
      ctx.addIssue({ code: 'custom', message: checked.problem });
      return z.NEVER;
    }
    return checked.code;
  });
