import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../../shared/domain/normalize-email.js';

describe('normalizeEmail', () => {
  it.each([
    ['Jane.Doe@Example.COM', 'jane.doe@example.com'],
    ['jane+crm@mail.example.co.uk', 'jane+crm@mail.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['JOSÉ@EXAMPLE.ES', 'josé@example.es'],
    ['用户@例子.广告', '用户@例子.广告'],
    ['JOSE\u0301@EXAMPLE.ES', 'jos\u00e9@example.es'],
  ])('lower-cases a valid address: %j becomes %j', (text, expected) => {
    // Act / Assess
    expect(normalizeEmail(text)).toBe(expected);
  });

  it.each([
    ['jane@', 'no domain'],
    ['@example.com', 'no local part'],
    ['jane.example.com', 'no @'],
    ['jane@@example.com', 'two @'],
    ['jane@doe@example.com', 'two @'],
    ['jane@localhost', 'no dot in the domain'],
    ['jane@example.', 'an empty last label'],
    ['jane@.example.com', 'an empty first label'],
    ['jane@example..com', 'an empty label'],
    ['jane doe@example.com', 'a space'],
    ['jane@exa mple.com', 'a space in the domain'],
    ['jane\u00a0doe@example.com', 'a no-break space'],
    ['jane\u200b@example.com', 'a zero-width space'],
    ['jane@example.com\u200e', 'a left-to-right mark'],
    ['ja\u00adne@example.com', 'a soft hyphen'],
    ['jane@exa\u0000mple.com', 'a NUL'],
    ['jane@example.com\u0085', 'a C1 control'],
    ['\u2066jane@example.com\u2069', 'a bidi isolate'],
    ['Jane <jane@example.com>', 'a display name'],
    ['jane@example.com,bob@example.com', 'two addresses'],
    ['jane@example.com;', 'a trailing separator'],
  ])('rejects %j (%s)', (text) => {
    // Act / Assess
    expect(normalizeEmail(text)).toBeUndefined();
  });
});
