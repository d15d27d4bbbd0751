import { describe, expect, it } from 'vitest';
import { countryOfCell } from '../../../shared/domain/country-names.js';

describe('countryOfCell', () => {
  it.each([
    ['SE', 'SE'],
    ['de', 'DE'],
    ['Sweden', 'SE'],
    ['Schweden', 'SE'],
    ['Suède', 'SE'],
    ['suede', 'SE'],
    ['Suecia', 'SE'],
    ['Suécia', 'SE'],
    ['Svezia', 'SE'],
    ['Zweden', 'SE'],
    ['Deutschland', 'DE'],
    ['Allemagne', 'DE'],
    ['Alemania', 'DE'],
    ['Germania', 'DE'],
    ['Duitsland', 'DE'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['Estados Unidos', 'US'],
    ['États-Unis', 'US'],
    ['UK', 'GB'],
    ['United Kingdom', 'GB'],
    ['Royaume-Uni', 'GB'],
    ['Vereinigtes Königreich', 'GB'],
    ['England', 'GB'],
    ['Brasil', 'BR'],
    ['Brazil', 'BR'],
    ['Nederland', 'NL'],
    ['Holland', 'NL'],
    ['Österreich', 'AT'],
    ['Schweiz', 'CH'],
    ['  france  ', 'FR'],
  ])('reads %j as %s', (cell, code) => {
    // Act / Assess
    expect(countryOfCell(cell)).toBe(code);
  });

  it.each(['Atlantis', 'XX', '', 'Sweden, Norway'])('knows no country in %j', (cell) => {
    // Act / Assess
    expect(countryOfCell(cell)).toBeUndefined();
  });
});
