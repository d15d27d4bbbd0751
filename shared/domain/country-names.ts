// Reads a country cell (SPEC §2): an ISO 3166 alpha-2 code, or a country's name in the seven header languages.

import { type CountryCode, getCountries } from 'libphonenumber-js';
import { HEADER_LANGUAGES } from './header-synonyms.js';
import { toPhoneCountry } from './normalize-phone.js';

/**
 * Names that the display names of ICU do not give: common English shorthands and old names (`UK`, `USA`,
 * `Great Britain`, `Holland`, `Czech Republic`, `Turkey`), the four nations of the UK, and German/Spanish/Dutch
 * abbreviations people type.
 */
const ALIASES: Record<string, CountryCode> = {
  UK: 'GB',
  'U.K.': 'GB',
  'Great Britain': 'GB',
  Britain: 'GB',
  England: 'GB',
  Scotland: 'GB',
  Wales: 'GB',
  'Northern Ireland': 'GB',
  Grossbritannien: 'GB',
  USA: 'US',
  'U.S.': 'US',
  'U.S.A.': 'US',
  America: 'US',
  'United States of America': 'US',
  EEUU: 'US',
  'EE.UU.': 'US',
  EUA: 'US',
  Holland: 'NL',
  'The Netherlands': 'NL',
  Niederlande: 'NL',
  'Czech Republic': 'CZ',
  Turkey: 'TR',
  Russia: 'RU',
  'Russian Federation': 'RU',
  'South Korea': 'KR',
  'Republic of Korea': 'KR',
  Korea: 'KR',
  Swaziland: 'SZ',
  'Ivory Coast': 'CI',
  Burma: 'MM',
  BRD: 'DE',
  Schweiz: 'CH',
  Suisse: 'CH',
  Svizzera: 'CH',
};

/** Folds a name to the form names are compared by: no accents, case, spaces or punctuation. */
function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function buildNameIndex(): ReadonlyMap<string, CountryCode> {
  const index = new Map<string, CountryCode>();
  const add = (name: string | undefined, code: CountryCode) => {
    const key = name === undefined ? '' : foldName(name);
    // The first language to name a country keeps the name (English, then the others in order).
    if (key !== '' && !index.has(key)) index.set(key, code);
  };
  for (const [name, code] of Object.entries(ALIASES)) add(name, code);
  for (const language of HEADER_LANGUAGES) {
    const long = new Intl.DisplayNames([language], { type: 'region' });
    const short = new Intl.DisplayNames([language], { type: 'region', style: 'short' });
    for (const code of getCountries()) {
      add(long.of(code), code);
      add(short.of(code), code);
    }
  }
  return index;
}

let names: ReadonlyMap<string, CountryCode> | undefined;

/**
 * The country a cell names: an ISO 3166 alpha-2 code of any case (`se`, `SE`), else a name in English, German,
 * French, Spanish, Portuguese, Italian or Dutch (`Sweden`, `Schweden`, `Suède`, `Suecia`, `Suécia`, `Svezia`,
 * `Zweden`), accents and case aside, or a common shorthand (`UK`, `USA`). Undefined when it names none.
 */
export function countryOfCell(text: string): CountryCode | undefined {
  const trimmed = text.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = toPhoneCountry(trimmed);
    if (code !== undefined) return code;
  }
  names ??= buildNameIndex();
  return names.get(foldName(trimmed));
}
