// `settings show`: the workspace's import settings (GET /settings), as lines or JSON.

import type { Command } from 'commander';
import { SETTING_NAMES, type WorkspaceSettings } from '../../shared/settings/workspace-settings.js';
import { EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';

/** What an import takes when neither its options nor the workspace say. */
const BUILT_IN: Required<WorkspaceSettings> = {
  defaultCountry: 'US',
  dateFormat: 'YMD',
  decimalSeparator: '.',
};

export const renderSettings = (settings: WorkspaceSettings): string =>
  `${SETTING_NAMES.map((name) => {
    const value = settings[name];
    return `${name.padEnd(16)}  ${value ?? `(not set: ${BUILT_IN[name]})`}`;
  }).join('\n')}\n`;

export const showSettings = async (target: ApiTarget) => {
  const settings = await withApiSession(target, ({ api }) => api.getJson<WorkspaceSettings>('/settings'));
  await target.io.write(target.json ? `${JSON.stringify(settings, null, 2)}\n` : renderSettings(settings));
  return EXIT.ok;
};

export const registerSettingsShowCommand = (settings: Command, scope: CliScope): Command =>
  settings
    .command('show')
    .summary("show the workspace's import settings")
    .description(
      "Show the workspace's import settings: the default country, date format and decimal separator its imports take where their options say nothing.",
    )
    .usage('[--json]')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(async (flags: { workspace?: string; json?: boolean }, command: Command) => {
      scope.exitCode = await showSettings(apiTarget(scope, command, flags));
    });
