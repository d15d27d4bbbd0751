// `GET /contacts?importId=` (SPEC §7): the distinct contacts an import created or updated, read from its journal in
// journal order (file order), each contact once at its first write, with its current values (a deleted one left out);
// `&outcome=` keeps those it created, or those it updated (a contact's first write in the journal says which).

import type { ImportContactOutcome } from '../api/contacts.js';
import type { Contact } from '../domain/contact.js';
import { ImportError } from '../errors.js';
import type { ContactStore, Versioned } from '../ports/contact-store.js';
import type { ImportStore } from '../ports/import-store.js';
import type { JournalStore } from '../ports/journal-store.js';
import { readJournal } from '../revert/read-journal.js';

export interface ImportContactsDeps {
  imports: ImportStore;
  journals: JournalStore;
  contactStore: ContactStore;
}

export interface ImportContactsPage {
  contacts: Versioned<Contact>[];
  cursor?: string;
}

const refuse = (): ImportError =>
  new ImportError('invalid_request', 'cursor: the cursor is not one this API gave out for this import', {
    field: 'cursor',
  });

/**
 * The cursor: how many distinct contacts of this import's journal (of the outcome asked, when one is) the earlier
 * pages covered, bound to the import and the outcome.
 */
const encode = (importId: string, skip: number, outcome?: ImportContactOutcome): string =>
  Buffer.from(JSON.stringify({ i: importId, n: skip, ...(outcome ? { o: outcome } : {}) })).toString(
    'base64url',
  );

const decode = (importId: string, cursor: string, outcome?: ImportContactOutcome): number => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse();
  const { i, n, o, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || i !== importId || o !== outcome) throw refuse();
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw refuse();
  return n;
};

/**
 * One page: the journal is read from its start (its committed prefix does not change, so the order is stable even
 * while the import runs), the contacts before the cursor's count skipped, the next `limit` distinct ones read by
 * BatchGet. A page costs one read of the journal up to it; the ids seen so far are kept in memory.
 */
export const listImportContacts = async (
  deps: ImportContactsDeps,
  workspaceId: string,
  importId: string,
  page: { limit: number; cursor?: string },
  outcome?: ImportContactOutcome,
): Promise<ImportContactsPage> => {
  const stored = await deps.imports.getImport(workspaceId, importId);
  if (!stored) throw new ImportError('not_found', 'no such import');
  if (stored.record.options.dryRun) {
    throw new ImportError(
      'invalid_request',
      'importId: the import was a dry run: it created or updated no contacts (its summary shows what it would do)',
      { field: 'importId' },
    );
  }
  const skip = page.cursor ? decode(importId, page.cursor, outcome) : 0;
  const seen = new Set<string>();
  let selected = 0;
  const wanted: string[] = [];
  let more = false;
  scan: for await (const unit of readJournal(deps.journals, workspaceId, importId, stored.progress.row)) {
    for (const entry of unit.entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      // Its first write says what the import did to it: created it, or updated it.
      if (outcome !== undefined && (entry.created === true) !== (outcome === 'created')) continue;
      if (++selected <= skip) continue;
      if (wanted.length === page.limit) {
        more = true;
        break scan;
      }
      wanted.push(entry.id);
    }
  }
  const found = wanted.length > 0 ? await deps.contactStore.getContacts(workspaceId, wanted) : new Map();
  const contacts = wanted.flatMap((id) => {
    const contact = found.get(id);
    return contact ? [contact] : [];
  });
  return { contacts, ...(more ? { cursor: encode(importId, skip + wanted.length, outcome) } : {}) };
};
