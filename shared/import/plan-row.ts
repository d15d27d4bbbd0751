// Decides one row's outcome against the working set and applies its change there (SPEC §4, in file order).

import type { Contact, ContactFieldKey, ContactValues } from '../domain/contact.js';
import type { ImportMode } from '../domain/import-options.js';
import { matchContact } from '../domain/match-contact.js';
import {
  type ContactLimitProblem,
  checkContactLimits,
  createContact,
  hasIdentity,
  type MergeRules,
  updateContact,
} from '../domain/merge-contact.js';
import type { RowOutcome } from '../domain/outcomes.js';
import { type Needs, noNeeds, type WorkingSet } from './working-set.js';

export interface PlanContext {
  workspaceId: string;
  /** The import the rows belong to: a contact it created earlier is told apart (`matchedRow`). */
  importId?: string;
  mode: ImportMode;
  now: string;
  newId: () => string;
  /** The header of the phone column, named by an ambiguous match. */
  phoneColumn?: string;
  /** The header of the tags column, named when merged tags would pass their limit. */
  tagsColumn?: string;
  /** The update rules of SPEC §9 (default: those of SPEC §4). */
  rules?: MergeRules;
}

export type PlanResult = { kind: 'outcome'; outcome: RowOutcome } | { kind: 'need'; needs: Needs };

const overLimit = (problem: ContactLimitProblem, ctx: PlanContext): PlanResult => ({
  kind: 'outcome',
  outcome: {
    outcome: 'errored',
    code: problem.code,
    ...(problem.field === 'tags' && ctx.tagsColumn !== undefined ? { column: ctx.tagsColumn } : {}),
    message: problem.message,
  },
});

const missingKeys = (values: ContactValues, set: WorkingSet): Needs | undefined => {
  const needs = noNeeds();
  if (values.email && !set.knowsEmail(values.email)) needs.emails.add(values.email);
  // The phone's head, and when one contact is the candidate, that one (a member item it may not have read).
  if (values.phone && !set.decidesPhone(values.phone, values.email)) needs.phones.add(values.phone);
  return needs.emails.size + needs.phones.size > 0 ? needs : undefined;
};

/** The earlier row of this import that created the contact, if it did. */
const createdEarlier = (contact: Contact, ctx: PlanContext): { matchedRow?: number } =>
  ctx.importId !== undefined && contact.createdBy?.importId === ctx.importId
    ? { matchedRow: contact.createdBy.row }
    : {};

/**
 * `blanks`: the mapped fields the row left blank, which `blankCells: clear` clears on a matched contact; `row`: the
 * row's number, kept on a contact it creates (with `ctx.importId`).
 */
export const planRow = (
  values: ContactValues,
  set: WorkingSet,
  ctx: PlanContext,
  blanks?: readonly ContactFieldKey[],
  row?: number,
): PlanResult => {
  const missing = missingKeys(values, set);
  if (missing) return { kind: 'need', needs: missing };

  const match = matchContact(values, set);
  if (match.kind === 'ambiguous') {
    return {
      kind: 'outcome',
      outcome: {
        outcome: 'errored',
        code: 'ambiguous_match',
        ...(ctx.phoneColumn ? { column: ctx.phoneColumn } : {}),
        message: `${match.candidates} contacts have this phone number and none has this row's email; add an email to say which one`,
      },
    };
  }

  if (match.kind === 'none') {
    if (ctx.mode === 'update_only') {
      return {
        kind: 'outcome',
        outcome: {
          outcome: 'skipped',
          code: 'not_found',
          message: 'no contact has this email or phone (update only)',
        },
      };
    }
    const origin =
      ctx.importId !== undefined && row !== undefined ? { importId: ctx.importId, row } : undefined;
    const contact = createContact(values, { id: ctx.newId(), workspaceId: ctx.workspaceId }, ctx.now, origin);
    const problem = checkContactLimits(contact);
    if (problem) return overLimit(problem, ctx);
    set.addContact(contact);
    return { kind: 'outcome', outcome: { outcome: 'created', contactId: contact.id } };
  }

  if (ctx.mode === 'create_only') {
    return {
      kind: 'outcome',
      outcome: {
        outcome: 'skipped',
        code: 'already_exists',
        message: `a contact with this ${match.by} exists already (create only)`,
      },
    };
  }

  const existing = set.contact(match.contactId);
  if (!existing) {
    const needs = noNeeds();
    needs.contacts.add(match.contactId);
    return { kind: 'need', needs };
  }
  const { contact, changed } = updateContact(existing, values, ctx.now, ctx.rules, blanks);
  if (!changed) {
    return {
      kind: 'outcome',
      outcome: {
        outcome: 'skipped',
        code: 'unchanged',
        message: 'the row would change nothing',
        ...createdEarlier(existing, ctx),
      },
    };
  }
  if (!hasIdentity(contact)) {
    return {
      kind: 'outcome',
      outcome: {
        outcome: 'skipped',
        code: 'no_identity',
        message: 'the blank cells would leave the contact with no name, email or phone (blank cells: clear)',
      },
    };
  }
  const problem = checkContactLimits(contact);
  if (problem) return overLimit(problem, ctx);
  // The phone set the contact leaves must be known before it can be rewritten.
  if (existing.phone && (existing.phone !== contact.phone || existing.email !== contact.email)) {
    if (!set.knowsPhone(existing.phone)) {
      const needs = noNeeds();
      needs.phones.add(existing.phone);
      return { kind: 'need', needs };
    }
  }
  set.replaceContact(existing, contact);
  return {
    kind: 'outcome',
    outcome: { outcome: 'updated', contactId: contact.id, ...createdEarlier(existing, ctx) },
  };
};
