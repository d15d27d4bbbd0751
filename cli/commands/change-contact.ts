// `contacts edit ID --set field=value…` and `contacts delete ID`: a person's edit or deletion (PATCH and DELETE
// /contacts/{id}), read by the API under the import's rules; its 400 is a usage error, a 404 or 409 a failure.

import type { Command } from 'commander';
import type { ContactJson } from '../../shared/results/contact-json.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { collect, jsonOption, valueOption, workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';

/** The contact's own fields, by their JSON name or an import's (`job_title`); any other name is a custom field. */
const FIELDS: Record<string, string> = {
  firstname: 'firstName',
  lastname: 'lastName',
  fullname: 'fullName',
  email: 'email',
  phone: 'phone',
  companyname: 'companyName',
  company: 'companyName',
  jobtitle: 'jobTitle',
  tags: 'tags',
};

/** `--set field=value` pairs as a PATCH body: an empty value clears the field. */
export const patchOf = (pairs: readonly string[]): Record<string, unknown> => {
  const patch: Record<string, unknown> = {};
  const customFields: Record<string, string | null> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--set takes field=value; got "${pair}"`, 'contacts edit');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1);
    const field = FIELDS[name.replace(/[-_]/g, '').toLowerCase()];
    if (field) patch[field] = value.trim() === '' ? null : value;
    else customFields[name.replace(/^customFields\./, '')] = value.trim() === '' ? null : value;
  }
  if (Object.keys(customFields).length > 0) patch.customFields = customFields;
  return patch;
};

const readVersion = (value: string): number => {
  const ver = Number(value);
  if (!Number.isInteger(ver) || ver < 1)
    throw new UsageError(`--ver takes a version (1 or more); got "${value}"`);
  return ver;
};

/** The API's refusal in the CLI's terms: a bad value is the person's usage (2), the rest a failure (1). */
const asCliError = (error: unknown): unknown =>
  error instanceof ApiError && error.status >= 400 && error.status < 500
    ? new CliError(`${error.message} (${error.code})`, error.status === 400 ? EXIT.usage : EXIT.failure)
    : error;

export const editContact = async (target: ApiTarget, id: string, pairs: string[], ver?: number) => {
  const patch = patchOf(pairs);
  if (Object.keys(patch).length === 0)
    throw new UsageError('contacts edit needs at least one --set field=value', 'contacts edit');
  const saved = await withApiSession(target, ({ api }) =>
    api
      .patchJson<ContactJson>(`/contacts/${encodeURIComponent(id)}`, { ...patch, ...(ver ? { ver } : {}) })
      .catch((error) => {
        throw asCliError(error);
      }),
  );
  await target.io.write(
    target.json
      ? `${JSON.stringify(saved, null, 2)}\n`
      : `Saved ${saved.fullName ?? saved.email ?? saved.id} (version ${saved.ver}).\n`,
  );
  return EXIT.ok;
};

export const deleteContact = async (target: ApiTarget, id: string, ver?: number) => {
  await withApiSession(target, ({ api }) =>
    api.deleteRequest(`/contacts/${encodeURIComponent(id)}${ver ? `?ver=${ver}` : ''}`).catch((error) => {
      throw asCliError(error);
    }),
  );
  await target.io.write(target.json ? `${JSON.stringify({ deleted: id })}\n` : `Deleted contact ${id}.\n`);
  return EXIT.ok;
};

/** `contacts`' own --workspace and --json take these flags wherever they are written (commander's default). */
const withParent = (command: Command, flags: { workspace?: string; json?: boolean }) => {
  const all = command.optsWithGlobals<{ workspace?: string; json?: boolean }>();
  return { ...flags, workspace: flags.workspace ?? all.workspace, json: flags.json ?? all.json };
};

export const registerContactChangeCommands = (contacts: Command, scope: CliScope): void => {
  contacts
    .command('edit')
    .summary('edit a contact')
    .description(
      'Edit a contact: --set FIELD=VALUE for each field (firstName, lastName, fullName, email, phone,\n' +
        'companyName, jobTitle, tags, or a custom field key), read as an import reads a cell; an empty VALUE\n' +
        'clears it. --ver makes the edit fail if the contact changed since that version.',
    )
    .usage('ID --set FIELD=VALUE… [--ver N] [--json]')
    .argument('<ID>', 'the contact id (contacts lists it)')
    .addOption(valueOption('--set <FIELD=VALUE>', 'a field and its new value (repeatable)', collect))
    .addOption(valueOption('--ver <N>', 'the version read', readVersion))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(
      async (
        id: string,
        flags: { set?: string[]; ver?: number; workspace?: string; json?: boolean },
        command: Command,
      ) => {
        scope.exitCode = await editContact(
          apiTarget(scope, command, withParent(command, flags)),
          id,
          flags.set ?? [],
          flags.ver,
        );
      },
    );
  contacts
    .command('delete')
    .summary('delete a contact')
    .description(
      'Delete a contact; its email and phone are free for a new contact. --ver: only that version.',
    )
    .usage('ID [--ver N] [--json]')
    .argument('<ID>', 'the contact id (contacts lists it)')
    .addOption(valueOption('--ver <N>', 'the version read', readVersion))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(
      async (id: string, flags: { ver?: number; workspace?: string; json?: boolean }, command: Command) => {
        scope.exitCode = await deleteContact(
          apiTarget(scope, command, withParent(command, flags)),
          id,
          flags.ver,
        );
      },
    );
};
