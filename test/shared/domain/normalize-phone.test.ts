import { describe, expect, it } from 'vitest';
import { normalizePhone, toPhoneCountry } from '../../../shared/domain/normalize-phone.js';

describe('normalizePhone', () => {
  it.each([
    ['US', '(415) 555-2671', '+14155552671'],
    ['US', '415.555.2671', '+14155552671'],
    ['US', '415-555-2671', '+14155552671'],
    ['US', '1 415 555 2671', '+14155552671'],
    ['US', '+1 (415) 555-2671', '+14155552671'],
    ['US', 'tel:+14155552671', '+14155552671'],
    ['US', '011 44 20 7946 0958', '+442079460958'],
    ['GB', '020 7946 0958', '+442079460958'],
    ['GB', '(020) 7946 0958', '+442079460958'],
    ['GB', '07911 123456', '+447911123456'],
    ['GB', '+44 (0)20 7946 0958', '+442079460958'],
    ['GB', '0800 123 4567', '+448001234567'],
    ['DE', '030 1234567', '+49301234567'],
    ['DE', '0176 12345678', '+4917612345678'],
    ['DE', '+49 (0) 30 1234567', '+49301234567'],
    ['FR', '01 42 68 53 00', '+33142685300'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['FR', '+33 6 12 34 56 78', '+33612345678'],
    ['IN', '98765 43210', '+919876543210'],
    ['IN', '9876543210', '+919876543210'],
    ['IN', '080 2345 6789', '+918023456789'],
    ['IN', '+91-98765-43210', '+919876543210'],
  ])('reads a national or international number with default country %s: %j is %s', (country, text, e164) => {
    // Act
    const phone = normalizePhone(text, toPhoneCountry(country));

    // Assess
    expect(phone).toBe(e164);
  });

  it.each([
    ['US', '+44 20 7946 0958', '+442079460958'],
    ['GB', '+1 212 555 0123', '+12125550123'],
    ['DE', '+33 1 42 68 53 00', '+33142685300'],
    ['FR', '+49 176 12345678', '+4917612345678'],
    ['IN', '+971 50 123 4567', '+971501234567'],
  ])(
    'reads a number of another country given with +, whatever the default (%s): %j',
    (country, text, e164) => {
      // Act / Assess
      expect(normalizePhone(text, toPhoneCountry(country))).toBe(e164);
    },
  );

  it.each([
    ['US', '0049 30 1234567', '+49301234567'],
    ['US', '0033 6 12 34 56 78', '+33612345678'],
    ['GB', '00 1 212 555 0123', '+12125550123'],
    ['FR', '0049 30 1234567', '+49301234567'],
    ['IN', '0044 20 7946 0958', '+442079460958'],
  ])('accepts the 00 international prefix with default country %s: %j', (country, text, e164) => {
    // Act / Assess
    expect(normalizePhone(text, toPhoneCountry(country))).toBe(e164);
  });

  it.each(['(415) 555-2671 x123', '415-555-2671 ext. 123', '(415) 555-2671 ext 123', '+1 415 555 2671 x 99'])(
    'drops an extension: %j',
    (text) => {
      // Act / Assess
      expect(normalizePhone(text, 'US')).toBe('+14155552671');
    },
  );

  it.each([
    ['US', '123'],
    ['US', '555-0100'],
    ['US', '+1 555 555 5555'],
    ['US', 'not a phone'],
    ['US', '12345678901234567890'],
    ['GB', '212-555-0123'],
    ['US', '00'],
    ['US', '+'],
  ])('rejects what is no valid number with default country %s: %j', (country, text) => {
    // Act / Assess
    expect(normalizePhone(text, toPhoneCountry(country))).toBeUndefined();
  });
});

describe('toPhoneCountry', () => {
  it('accepts a known country in any case', () => {
    // Act / Assess
    expect(toPhoneCountry('gb')).toBe('GB');
    expect(toPhoneCountry(' de ')).toBe('DE');
  });

  it('rejects an unknown country', () => {
    // Act / Assess
    expect(toPhoneCountry('ZZ')).toBeUndefined();
    expect(toPhoneCountry('')).toBeUndefined();
  });
});
