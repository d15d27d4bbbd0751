import { describe, expect, it } from 'vitest';
import { escapeFormula, unescapeFormula } from '../../../shared/csv/escape-formula.js';

describe('escapeFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ['+1 415 555 2671', "'+1 415 555 2671"],
    ['-12.5', "'-12.5"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    [' =1+1', "' =1+1"],
    ['\n=HYPERLINK("http://evil.example")', `'\n=HYPERLINK("http://evil.example")`],
    ['  \r\n@SUM(A1)', "'  \r\n@SUM(A1)"],
    ['\u00a0-2+3', "'\u00a0-2+3"],
  ])('puts an apostrophe before a cell a spreadsheet would run: %j', (cell, escaped) => {
    // Act / Assess
    expect(escapeFormula(cell)).toBe(escaped);
  });

  it.each([[''], ['Ada'], [' Ada = 1'], ['a=b'], ["O'Brien"], ['ada@example.com'], ['\nline']])(
    'leaves %j as it is',
    (cell) => {
      // Act / Assess
      expect(escapeFormula(cell)).toBe(cell);
    },
  );

  it('does not escape a cell twice', () => {
    // Act / Assess
    expect(escapeFormula(escapeFormula('=1+1'))).toBe("'=1+1");
  });
});

describe('unescapeFormula', () => {
  it.each([
    ["'=1+1", '=1+1'],
    ["'+33 1 23 45 67 89", '+33 1 23 45 67 89'],
    ["'-5", '-5'],
    ["'@handle", '@handle'],
    ["' =1", ' =1'],
    ["'\n=1", '\n=1'],
  ])('removes the apostrophe before a formula character: %j', (cell, unescaped) => {
    // Act / Assess
    expect(unescapeFormula(cell)).toBe(unescaped);
  });

  it.each([["'"], ["'Jane"], ["O'Brien"], ["''"], [' =1'], ["' Jane"]])('leaves %j as it is', (cell) => {
    // Act / Assess
    expect(unescapeFormula(cell)).toBe(cell);
  });

  it.each([
    ['=1+1'],
    ['+1 415 555 2671'],
    ['-12'],
    ['@x'],
    ['\tx'],
    ['\rx'],
    ['Ada'],
    [''],
    ["O'Brien"],
    ["'quoted'"],
    [' =1'],
    ['\n\t+1'],
    [' Ada'],
  ])('gives back %j after escapeFormula', (cell) => {
    // Act / Assess
    expect(unescapeFormula(escapeFormula(cell))).toBe(cell);
  });

  it.each([["'=1"], ["'-1"], ["'\tx"]])('gives back the escaped %j after escapeFormula', (escaped) => {
    // Act / Assess
    expect(escapeFormula(unescapeFormula(escaped))).toBe(escaped);
  });
});
