// `fields add KEY`: adds a custom field to the workspace (POST /custom-fields).

import type { Command } from 'commander';
import { CUSTOM_FIELD_TYPES, type CustomField, type CustomFieldType } from '../../shared/domain/fields.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, valueOption, workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';

interface NewField {
  key: string;
  label: string;
  type: CustomFieldType;
  mapsTo?: 'external_id';
}

export const addCustomField = async (target: ApiTarget, field: NewField) => {
  const created = await withApiSession(target, async ({ api }) => {
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
  await target.io.write(
    target.json
      ? `${JSON.stringify(created, null, 2)}\n`
      : `Added custom field ${created.key} ("${created.label}", ${created.type}${created.mapsTo ? ', holds the external id' : ''}).\n` +
          `A CSV column headed "${created.key}" now maps to it.\n`,
  );
  return EXIT.ok;
};

const fieldType = (value: string): CustomFieldType => {
  if (!(CUSTOM_FIELD_TYPES as readonly string[]).includes(value)) {
    throw new UsageError(`--type takes ${CUSTOM_FIELD_TYPES.join(', ')}; got "${value}"`, 'fields add');
  }
  return value as CustomFieldType;
};

const mapsTo = (value: string): 'external_id' => {
  if (value !== 'external_id')
    throw new UsageError(`--maps-to takes external_id; got "${value}"`, 'fields add');
  return value;
};

interface FieldsAddFlags {
  label: string;
  type: CustomFieldType;
  mapsTo?: 'external_id';
  workspace?: string;
  json?: boolean;
}

export const registerFieldsAddCommand = (fields: Command, scope: CliScope): Command =>
  fields
    .command('add')
    .summary('add a custom field')
    .description(
      'Add a custom field.\n\nKEY is lower snake case (a CSV column whose header reads as KEY maps to the field).',
    )
    .usage('KEY --label L --type T [--maps-to external_id] [--json]')
    .argument('<KEY>', 'the field key, lower snake case')
    .addOption(valueOption('--label <L>', 'the label people see').makeOptionMandatory())
    .addOption(valueOption('--type <T>', CUSTOM_FIELD_TYPES.join(', '), fieldType).makeOptionMandatory())
    .addOption(
      valueOption('--maps-to <external_id>', 'the field holds the external id of each contact', mapsTo),
    )
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (key: string, flags: FieldsAddFlags, command: Command) => {
      scope.exitCode = await addCustomField(apiTarget(scope, command, flags), {
        key,
        label: flags.label,
        type: flags.type,
        ...(flags.mapsTo ? { mapsTo: flags.mapsTo } : {}),
      });
    });
