// One phone's set as the engine knows it (README "Data model"): exact counts and the members its head lists, the
// member items it has read or changed, the phone rule's candidates from them, and the writes a seal takes.

import type { PhoneCandidates } from '../domain/match-contact.js';
import {
  type ContactStore,
  PHONE_HEAD_LISTS,
  type PhoneMembers,
  type PhoneWrite,
} from '../ports/contact-store.js';

/**
 * The counts and the head's listed members are exact; of the members that are items of their own, only those read
 * or added here are known (a shared phone may have thousands, and matching needs at most one of them).
 */
export interface PhoneEntry {
  count: number;
  withoutEmail: number;
  listed: PhoneMembers;
  /** Member items known to be there now: id → email. */
  others: PhoneMembers;
  /** Member items removed since the phone was read: a later read of the store leaves them out. */
  gone: Set<string>;
  /** Member items changed since the last seal: the email each was stored with (undefined: no item), by id. */
  sealedAs: Map<string, string | undefined>;
  version: number;
}

export const emptyPhone = (): PhoneEntry => ({
  count: 0,
  withoutEmail: 0,
  listed: new Map(),
  others: new Map(),
  gone: new Set(),
  sealedAs: new Map(),
  version: 0,
});

/** The members known to be in the set now. */
export const knownMembers = (entry: PhoneEntry): PhoneMembers => new Map([...entry.listed, ...entry.others]);

/**
 * The phone rule's candidates (SPEC §4): every member for a row without an email; for a row with one, the members
 * without an email (one with the row's own email would have matched by email, and any other email differs).
 */
export const candidatesOf = (entry: PhoneEntry, rowHasEmail: boolean): PhoneCandidates => {
  const count = rowHasEmail ? entry.withoutEmail : entry.count;
  if (count !== 1) return { count };
  for (const [id, email] of knownMembers(entry)) if (!rowHasEmail || email === '') return { count, only: id };
  return { count };
};

/**
 * Where the rule has one candidate that is a member item not known here (the one without an email, or the one
 * member), reads it: the store's member items without those removed here are the ones there, besides those added
 * here, which are known. Returns the requests made.
 */
export const readSingleCandidates = async (
  entry: PhoneEntry,
  store: ContactStore,
  workspaceId: string,
  phone: string,
): Promise<number> => {
  let requests = 0;
  for (const withoutEmail of [true, false]) {
    const { count, only } = candidatesOf(entry, withoutEmail);
    if (count !== 1 || only !== undefined) continue;
    const skip = new Set([...entry.gone, ...entry.others.keys(), ...entry.listed.keys()]);
    const found = await store.phoneMembers(workspaceId, phone, { withoutEmail, skip, limit: 1 });
    requests += 1;
    for (const [id, email] of found) entry.others.set(id, email);
  }
  return requests;
};

/**
 * A contact joins the set (`before` undefined), leaves it (`after` undefined), or stays with another email: the
 * counts follow; the head lists a newcomer while it has room, and every other member is an item of its own.
 */
export const changeMember = (
  entry: PhoneEntry,
  contactId: string,
  before: string | undefined,
  after: string | undefined,
): void => {
  if (before !== undefined) {
    entry.count -= 1;
    if (before === '') entry.withoutEmail -= 1;
  }
  if (after !== undefined) {
    entry.count += 1;
    if (after === '') entry.withoutEmail += 1;
  }
  if (entry.listed.has(contactId)) {
    if (after === undefined) entry.listed.delete(contactId);
    else entry.listed.set(contactId, after);
    return;
  }
  if (before === undefined && after !== undefined && entry.listed.size < PHONE_HEAD_LISTS) {
    entry.listed.set(contactId, after);
    return;
  }
  // A member item: the email it is stored with (before the first change since the seal) keys what a seal deletes.
  if (!entry.sealedAs.has(contactId)) entry.sealedAs.set(contactId, before);
  if (after === undefined) {
    entry.others.delete(contactId);
    entry.gone.add(contactId);
  } else {
    entry.others.set(contactId, after);
  }
};

/** Whether a member item stored with `stored` is deleted: it left, or its key changed (it gained or lost an email). */
const movedItem = (stored: string | undefined, now: string | undefined): stored is string =>
  stored !== undefined && (now === undefined || (stored === '') !== (now === ''));

/** The member items a seal of the set would put or delete. */
export const memberItemActions = (entry: PhoneEntry): number => {
  let actions = 0;
  for (const [contactId, stored] of entry.sealedAs) {
    const now = entry.others.get(contactId);
    if (stored === now) continue;
    actions += movedItem(stored, now) && now !== undefined ? 2 : 1;
  }
  return actions;
};

/** The set's changes since the last seal, for one transaction: its head as it is now, its member items' writes. */
export const sealPhone = (phone: string, entry: PhoneEntry): PhoneWrite => {
  const write: PhoneWrite = {
    phone,
    expectedVersion: entry.version,
    next: { count: entry.count, withoutEmail: entry.withoutEmail, listed: new Map(entry.listed) },
    putMembers: [],
    deletedMembers: [],
  };
  for (const [contactId, stored] of entry.sealedAs) {
    const now = entry.others.get(contactId);
    if (stored === now) continue;
    if (movedItem(stored, now)) write.deletedMembers.push({ contactId, email: stored });
    if (now !== undefined) write.putMembers.push({ contactId, email: now });
  }
  entry.sealedAs.clear();
  entry.version = entry.count === 0 ? 0 : entry.version + 1;
  return write;
};

/** The set as JSON-safe data (a dry run's overlay), and back. */
export interface PhoneEntryState {
  count: number;
  withoutEmail: number;
  listed: [contactId: string, email: string][];
  others: [contactId: string, email: string][];
  gone: string[];
}

export const phoneEntryState = (entry: PhoneEntry): PhoneEntryState => ({
  count: entry.count,
  withoutEmail: entry.withoutEmail,
  listed: [...entry.listed],
  others: [...entry.others],
  gone: [...entry.gone],
});

export const phoneEntryOf = (state: PhoneEntryState, version: number): PhoneEntry => ({
  ...emptyPhone(),
  count: state.count,
  withoutEmail: state.withoutEmail,
  listed: new Map(state.listed),
  others: new Map(state.others),
  gone: new Set(state.gone),
  version,
});
