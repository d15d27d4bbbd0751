// `fields list`: the workspace's custom fields (GET /custom-fields), as a table or JSON.

import type { Command } from 'commander';
import type { CustomField } from '../../shared/domain/fields.js';
import { EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { formatTable } from '../render-table.js';
import { type ApiTarget, apiTarget, commandPrefix, withApiSession } from './command-context.js';

export const listCustomFields = async (target: ApiTarget) => {
  const { io } = target;
  const { customFields } = await withApiSession(target, ({ api }) =>
    api.getJson<{ customFields: CustomField[] }>('/custom-fields'),
  );
  if (target.json) {
    await io.write(`${JSON.stringify(customFields, null, 2)}\n`);
  } else if (customFields.length === 0) {
    await io.write(
      `No custom fields yet. Add one with: ${commandPrefix(target)} fields add KEY --label L --type text\n`,
    );
  } else {
    const table = formatTable(
      [{ header: 'KEY' }, { header: 'LABEL', max: 40 }, { header: 'TYPE' }, { header: 'MAPS TO' }],
      customFields.map((field) => [field.key, field.label, field.type, field.mapsTo ?? '']),
    );
    await io.write(`${table}\n`);
  }
  return EXIT.ok;
};

export const registerFieldsListCommand = (fields: Command, scope: CliScope): Command =>
  fields
    .command('list')
    .summary('list the custom fields')
    .description('List the custom fields.')
    .usage('[--json]')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (flags: { workspace?: string; json?: boolean }, command: Command) => {
      scope.exitCode = await listCustomFields(apiTarget(scope, command, flags));
    });
