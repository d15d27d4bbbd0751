// `contacts`: the workspace's contacts, or those found by email, phone, search words or import (GET /contacts),
// page after page, as a table or a JSON array.

import type { Command } from 'commander';
import { type ContactsPage, IMPORT_CONTACT_OUTCOMES } from '../../shared/api/contacts.js';
import type { ContactJson } from '../../shared/results/contact-json.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, valueOption, workspaceOption } from '../option-values.js';
import type { TableColumn } from '../render-table.js';
import { writeListing } from '../write-listing.js';
import { registerContactChangeCommands } from './change-contact.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';

const PAGE_SIZE = 500;

const COLUMNS: TableColumn[] = [
  { header: 'ID', max: 36 },
  { header: 'NAME', max: 28 },
  { header: 'EMAIL', max: 36 },
  { header: 'PHONE', max: 16 },
  { header: 'COMPANY', max: 24 },
  { header: 'TAGS', max: 30 },
];

const toRow = (contact: ContactJson): string[] => [
  contact.id,
  contact.fullName ?? '',
  contact.email ?? '',
  contact.phone ?? '',
  contact.companyName ?? '',
  contact.tags.join(', '),
];

export interface ContactsFlags {
  workspace?: string;
  json?: boolean;
  email?: string;
  phone?: string;
  search?: string;
  import?: string;
  outcome?: string;
  defaultCountry?: string;
  limit?: number;
}

/** The query of GET /contacts the flags ask for: one filter at most, as the API takes them. */
const filterOf = (flags: ContactsFlags): Record<string, string> => {
  const given = (['email', 'phone', 'search', 'import'] as const).filter((name) => flags[name] !== undefined);
  if (given.length > 1) {
    throw new UsageError(
      `contacts takes one of --email, --phone, --search, --import; got ${given.map((n) => `--${n}`).join(' and ')}`,
      'contacts',
    );
  }
  if (flags.outcome !== undefined && flags.import === undefined) {
    throw new UsageError(
      "--outcome selects among an import's contacts: give --import ID with it",
      'contacts',
    );
  }
  return {
    ...(flags.outcome !== undefined ? { outcome: flags.outcome } : {}),
    ...(flags.email !== undefined ? { email: flags.email } : {}),
    ...(flags.phone !== undefined ? { phone: flags.phone } : {}),
    ...(flags.search !== undefined ? { q: flags.search } : {}),
    ...(flags.import !== undefined ? { importId: flags.import } : {}),
    ...(flags.defaultCountry !== undefined ? { defaultCountry: flags.defaultCountry } : {}),
  };
};

const readLimit = (value: string): number => {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit takes a whole number from 1; got "${value}"`, 'contacts');
  return limit;
};

const readOutcome = (value: string): string => {
  if (!(IMPORT_CONTACT_OUTCOMES as readonly string[]).includes(value))
    throw new UsageError(
      `--outcome takes ${IMPORT_CONTACT_OUTCOMES.join(' or ')}; got "${value}"`,
      'contacts',
    );
  return value;
};

export const listContacts = async (target: ApiTarget, flags: ContactsFlags = {}) => {
  const { io, json } = target;
  const filter = filterOf(flags);
  const found = Object.keys(filter).some((name) => name !== 'defaultCountry');
  let left = flags.limit ?? Number.POSITIVE_INFINITY;
  const count = await withApiSession(target, ({ api }) =>
    writeListing(io, json, {
      fetchPage: async (cursor) => {
        const size = Math.min(PAGE_SIZE, left);
        const query = new URLSearchParams({ ...filter, limit: String(size), ...(cursor ? { cursor } : {}) });
        let page: ContactsPage;
        try {
          page = await api.getJson<ContactsPage>(`/contacts?${query}`);
        } catch (error) {
          // A filter the API refuses (an email or phone no import would read): the person's mistake, exit 2.
          if (error instanceof ApiError && error.status === 400)
            throw new CliError(error.message, EXIT.usage);
          throw error;
        }
        // A search page may hold fewer contacts than asked for (its read budget) and still go on.
        const items = page.contacts.slice(0, left);
        left -= items.length;
        return { items, ...(page.cursor && left > 0 ? { cursor: page.cursor } : {}) };
      },
      columns: COLUMNS,
      toRow,
    }),
  );
  if (!json) {
    const noun = count === 1 ? 'contact' : 'contacts';
    const none = found ? 'No contact found.\n' : 'No contacts yet.\n';
    await io.write(count === 0 ? none : `\n${count} ${noun}${found ? ' found' : ''}\n`);
  }
  return EXIT.ok;
};

export const registerContactsCommand = (parent: Command, scope: CliScope): Command => {
  const contacts = parent
    .command('contacts')
    .summary("list the workspace's contacts, or find them by email, phone or words")
    .description(
      "List the workspace's contacts (every page, in a stable order), or those found by one filter: --email and\n" +
        '--phone are read as an import reads them (a national phone in --default-country, else the workspace\n' +
        'setting); --search finds contacts whose name, email, phone or company contain every word; --import\n' +
        'lists the contacts that import created or updated, each once, in the order it wrote them (--outcome\n' +
        'created or updated: only those).',
    )
    .usage(
      '[--email E | --phone P | --search Q | --import ID [--outcome created|updated]] [--default-country CC] [--limit N] [--workspace W] [--json]\n' +
        '       contacts edit ID --set FIELD=VALUE… | contacts delete ID',
    )
    .addOption(valueOption('--email <E>', 'the contact with this email'))
    .addOption(valueOption('--phone <P>', 'the contacts with this phone, in any format an import reads'))
    .addOption(
      valueOption('--search <Q>', 'the contacts whose name, email, phone or company contain these words'),
    )
    .addOption(valueOption('--import <ID>', 'the contacts this import created or updated'))
    .addOption(
      valueOption(
        '--outcome <OUTCOME>',
        'with --import: only those it created, or only those it updated',
        readOutcome,
      ),
    )
    .addOption(valueOption('--default-country <CC>', 'the country a national --phone is read in'))
    .addOption(valueOption('--limit <N>', 'at most N contacts (default: all)', readLimit))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (flags: ContactsFlags, command: Command) => {
      scope.exitCode = await listContacts(apiTarget(scope, command, flags), flags);
    });
  registerContactChangeCommands(contacts, scope);
  return contacts;
};
