import { describe, expect, it } from 'vitest';
import { type MatchView, matchContact } from '../../../shared/domain/match-contact.js';

/**
 * A workspace as matching sees it: email → contact id, phone → {contact id → that contact's email}; the phone's
 * candidates as SPEC §4 words them (an empty email never differs from the row's).
 */
const viewOf = (
  emails: Record<string, string>,
  phones: Record<string, Record<string, string>>,
): MatchView => ({
  contactIdByEmail: (email) => emails[email],
  phoneCandidates: (phone, rowEmail) => {
    const ids = Object.entries(phones[phone] ?? {})
      .filter(([, email]) => !rowEmail || email === '' || email === rowEmail)
      .map(([id]) => id);
    return ids.length === 1 ? { count: 1, only: ids[0] as string } : { count: ids.length };
  },
});

const PHONE = '+14155550100';

describe('matchContact (SPEC §4)', () => {
  it('matches the contact that has the row email, before looking at the phone', () => {
    const view = viewOf({ 'a@x.com': 'c1' }, { [PHONE]: { c2: '' } });
    expect(matchContact({ email: 'a@x.com', phone: PHONE }, view)).toEqual({
      kind: 'match',
      contactId: 'c1',
      by: 'email',
    });
  });

  it('matches the one contact with the phone when the row has no email', () => {
    const view = viewOf({}, { [PHONE]: { c2: 'b@x.com' } });
    expect(matchContact({ phone: PHONE }, view)).toEqual({ kind: 'match', contactId: 'c2', by: 'phone' });
  });

  it('leaves out phone candidates whose email differs from the row email', () => {
    const view = viewOf({}, { [PHONE]: { c2: 'b@x.com' } });
    expect(matchContact({ email: 'new@x.com', phone: PHONE }, view)).toEqual({ kind: 'none' });
  });

  it('counts a candidate with an empty email as one that does not differ', () => {
    const view = viewOf({}, { [PHONE]: { c2: 'b@x.com', c3: '' } });
    expect(matchContact({ email: 'new@x.com', phone: PHONE }, view)).toEqual({
      kind: 'match',
      contactId: 'c3',
      by: 'phone',
    });
  });

  it('is ambiguous when several contacts have the phone and none is ruled out', () => {
    const view = viewOf({}, { [PHONE]: { c2: 'b@x.com', c3: 'c@x.com' } });
    expect(matchContact({ phone: PHONE }, view)).toEqual({ kind: 'ambiguous', candidates: 2 });
  });

  it('finds no match when neither the email nor the phone is known', () => {
    expect(matchContact({ email: 'a@x.com', phone: PHONE }, viewOf({}, {}))).toEqual({ kind: 'none' });
    expect(matchContact({ fullName: 'Ada' }, viewOf({ 'a@x.com': 'c1' }, {}))).toEqual({ kind: 'none' });
  });
});
