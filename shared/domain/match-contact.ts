// Where matching is decided (SPEC §4): exact email first, then exact phone with the candidate rule.

import type { ContactValues } from './contact.js';

/** The phone rule's candidates for a row: how many, and which one when there is exactly one. */
export interface PhoneCandidates {
  count: number;
  only?: string;
}

/** What matching needs to know about the workspace, as strongly consistent as the caller can make it. */
export interface MatchView {
  /** The contact that has this email, or undefined when none has. */
  contactIdByEmail(email: string): string | undefined;
  /**
   * The contacts with this phone, leaving out those whose email differs from the row's `email` (an empty email
   * never differs): how many, and the one when there is exactly one.
   */
  phoneCandidates(phone: string, email: string | undefined): PhoneCandidates;
}

export type MatchResult =
  | { kind: 'none' }
  | { kind: 'match'; contactId: string; by: 'email' | 'phone' }
  | { kind: 'ambiguous'; candidates: number };

export const matchContact = (values: ContactValues, view: MatchView): MatchResult => {
  if (values.email) {
    const contactId = view.contactIdByEmail(values.email);
    if (contactId) return { kind: 'match', contactId, by: 'email' };
  }
  if (!values.phone) return { kind: 'none' };
  const { count, only } = view.phoneCandidates(values.phone, values.email);
  if (count === 0) return { kind: 'none' };
  if (count > 1) return { kind: 'ambiguous', candidates: count };
  // The caller loads the one candidate before it matches (WorkingSet.decidesPhone).
  if (only === undefined) throw new Error('the one phone candidate is not loaded');
  return { kind: 'match', contactId: only, by: 'phone' };
};
