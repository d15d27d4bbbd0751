// `settings set KEY VALUE`: changes one of the workspace's import settings (GET then PUT /settings).

import type { Command } from 'commander';
import {
  SETTING_NAMES,
  type SettingName,
  type WorkspaceSettings,
} from '../../shared/settings/workspace-settings.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';
import { renderSettings } from './settings-show.js';

/** `defaultCountry`, `default-country` or `default_country`, in any case. */
const settingName = (key: string): SettingName => {
  const wanted = key.replace(/[-_]/g, '').toLowerCase();
  const name = SETTING_NAMES.find((n) => n.toLowerCase() === wanted);
  if (!name) {
    throw new UsageError(`settings set takes ${SETTING_NAMES.join(', ')}; got "${key}"`, 'settings set');
  }
  return name;
};

export const setSetting = async (target: ApiTarget, key: SettingName, value: string) => {
  const saved = await withApiSession(target, async ({ api }) => {
    const current = await api.getJson<WorkspaceSettings>('/settings');
    // An empty value (or "none") clears the setting.
    const cleared = value.trim() === '' || value.trim().toLowerCase() === 'none';
    try {
      return await api.putJson<WorkspaceSettings>('/settings', { ...current, [key]: cleared ? null : value });
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) throw new CliError(error.message, EXIT.usage);
      throw error;
    }
  });
  await target.io.write(target.json ? `${JSON.stringify(saved, null, 2)}\n` : renderSettings(saved));
  return EXIT.ok;
};

export const registerSettingsSetCommand = (settings: Command, scope: CliScope): Command =>
  settings
    .command('set')
    .summary("change one of the workspace's import settings")
    .description(
      `Change one of the workspace's import settings; an empty VALUE or "none" clears it.\n\nKEY is ${SETTING_NAMES.join(', ')}: a country code (GB), YMD/MDY/DMY, or "." / ",".`,
    )
    .usage('KEY VALUE [--json]')
    .argument('<KEY>', SETTING_NAMES.join(', '), settingName)
    .argument('<VALUE>', 'the new value')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(
      async (
        key: SettingName,
        value: string,
        flags: { workspace?: string; json?: boolean },
        command: Command,
      ) => {
        scope.exitCode = await setSetting(apiTarget(scope, command, flags), key, value);
      },
    );
