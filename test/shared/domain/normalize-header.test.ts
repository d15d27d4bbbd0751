import { describe, expect, it } from 'vitest';
import { normalizeHeader } from '../../../shared/domain/map-headers.js';

describe('normalizeHeader', () => {
  it.each([
    ['First Name', 'firstname'],
    ['first-name', 'firstname'],
    ['FIRST_NAME', 'firstname'],
    ['  first.name  ', 'firstname'],
    ['E-mail 1 - Value', 'email1value'],
    ["Assistant's Phone", 'assistantsphone'],
    ['TTY/TDD Phone', 'ttytddphone'],
  ])('ignores case, spaces and punctuation: %j becomes %j', (header, expected) => {
    // Act
    const normalized = normalizeHeader(header);

    // Assess
    expect(normalized).toBe(expected);
  });

  it.each([
    ['Prénom', 'prénom'],
    ['Straße', 'straße'],
    ['Фамилия', 'фамилия'],
    ['電話番号', '電話番号'],
    ['नाम', 'नाम'],
    ['ＥＭＡＩＬ', 'email'],
  ])('keeps the letters and digits of any script: %j becomes %j', (header, expected) => {
    // Act
    const normalized = normalizeHeader(header);

    // Assess
    expect(normalized).toBe(expected);
  });

  it('treats a composed and a decomposed accent alike', () => {
    // Prepare
    const composed = 'Pr\u00e9nom';
    const decomposed = 'Pre\u0301nom';

    // Act / Assess
    expect(normalizeHeader(decomposed)).toBe(normalizeHeader(composed));
  });

  it('reduces a header of only punctuation to the empty string', () => {
    // Act / Assess
    expect(normalizeHeader(' #-/ ')).toBe('');
    expect(normalizeHeader('\ufeff')).toBe('');
  });
});
