// Where matching is decided (SPEC §4): exact email first, then exact phone with the candidate rule.

import type { ContactValues } from './contact.js';

/** What matching needs to know about the workspace, as strongly consistent as the caller can make it. */
export interface MatchView {
  /** The contact that has this email, or undefined when none has. */
  contactIdByEmail(email: string): string | undefined;
  /** The contacts that have this phone, each with its email ('' when it has none). */
  contactsByPhone(phone: string): ReadonlyMap<string, string>;
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
  const candidates: string[] = [];
  for (const [contactId, email] of view.contactsByPhone(values.phone)) {
    // An empty email never "differs"; a contact with the row's own email would have matched above.
    if (!values.email || email === '' || email === values.email) candidates.push(contactId);
  }
  const [only] = candidates;
  if (candidates.length === 1 && only) return { kind: 'match', contactId: only, by: 'phone' };
  if (candidates.length === 0) return { kind: 'none' };
  return { kind: 'ambiguous', candidates: candidates.length };
};
