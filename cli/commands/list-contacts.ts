// `contacts`: every contact of the workspace, page after page (GET /contacts), as a table or a JSON array.

import type { Command } from 'commander';
import type { ContactJson } from '../../shared/results/contact-json.js';
import { EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import type { TableColumn } from '../render-table.js';
import { writeListing } from '../write-listing.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';

const PAGE_SIZE = 500;

const COLUMNS: TableColumn[] = [
  { header: 'NAME', max: 28 },
  { header: 'EMAIL', max: 36 },
  { header: 'PHONE', max: 16 },
  { header: 'COMPANY', max: 24 },
  { header: 'TAGS', max: 30 },
];

const toRow = (contact: ContactJson): string[] => [
  contact.fullName ?? '',
  contact.email ?? '',
  contact.phone ?? '',
  contact.companyName ?? '',
  contact.tags.join(', '),
];

export const listContacts = async (target: ApiTarget) => {
  const { io, json } = target;
  const count = await withApiSession(target, ({ api }) =>
    writeListing(io, json, {
      fetchPage: async (cursor) => {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
        const page = await api.getJson<{ contacts: ContactJson[]; cursor?: string }>(`/contacts?${query}`);
        return { items: page.contacts, ...(page.cursor ? { cursor: page.cursor } : {}) };
      },
      columns: COLUMNS,
      toRow,
    }),
  );
  if (!json) {
    await io.write(
      count === 0 ? 'No contacts yet.\n' : `\n${count} ${count === 1 ? 'contact' : 'contacts'}\n`,
    );
  }
  return EXIT.ok;
};

export const registerContactsCommand = (parent: Command, scope: CliScope): Command =>
  parent
    .command('contacts')
    .summary("list all of the workspace's contacts")
    .description("List all of the workspace's contacts.")
    .usage('[--workspace W] [--json]')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (flags: { workspace?: string; json?: boolean }, command: Command) => {
      scope.exitCode = await listContacts(apiTarget(scope, command, flags));
    });
