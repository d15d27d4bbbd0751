// `fields add KEY` and `fields list`: the workspace's custom fields (POST and GET /custom-fields).

import type { CustomField } from '../../shared/domain/fields.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT } from '../cli-errors.js';
import { formatTable } from '../render-table.js';
import { type Command, commandPrefix, withApiSession } from './command-context.js';

export const addCustomField: Command = async (context) => {
  const { options, io } = context;
  const field = {
    key: context.args[0] ?? '',
    label: options.label ?? '',
    type: options.type ?? 'text',
    ...(options.mapsTo ? { mapsTo: options.mapsTo } : {}),
  };
  const created = await withApiSession(context, async ({ api }) => {
    try {
      return await api.postJson<CustomField>('/custom-fields', field);
    } catch (error) {
      // The API validates the key and label: its 400 is a usage error (a 409 "exists already" is not).
      if (error instanceof ApiError && error.status === 400) {
        throw new CliError(`cannot add the field: ${error.message}`, EXIT.usage);
      }
      throw error;
    }
  });
  await io.write(
    options.json
      ? `${JSON.stringify(created, null, 2)}\n`
      : `Added custom field ${created.key} ("${created.label}", ${created.type}${created.mapsTo ? ', holds the external id' : ''}).\n` +
          `A CSV column headed "${created.key}" now maps to it.\n`,
  );
  return EXIT.ok;
};

export const listCustomFields: Command = async (context) => {
  const { options, io } = context;
  const { customFields } = await withApiSession(context, ({ api }) =>
    api.getJson<{ customFields: CustomField[] }>('/custom-fields'),
  );
  if (options.json) {
    await io.write(`${JSON.stringify(customFields, null, 2)}\n`);
  } else if (customFields.length === 0) {
    await io.write(
      `No custom fields yet. Add one with: ${commandPrefix(options)} fields add KEY --label L --type text\n`,
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
