// `revert ID [--dry-run]`: undo an import (POST /imports/{id}/revert, SPEC §10) and wait for the revert's end.

import type { Command } from 'commander';
import { Option } from 'commander';
import type { ImportSummary } from '../../shared/api/import-summary.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { importIdArgument } from '../import-id.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { formatCount, ProgressLine } from '../progress-bar.js';
import { type ApiTarget, apiTarget, withApiSession } from './command-context.js';

const REFUSALS = new Set(['not_revertible', 'revert_window_passed', 'already_reverted', 'revert_running']);

/** Contacts undone so far; the import's created + updated rows are the most there can be. */
export const formatRevertProgress = (summary: ImportSummary, barWidth = 24): string => {
  const done = summary.revert?.counts.contacts ?? 0;
  const most = Math.max(1, summary.counts.created + summary.counts.updated);
  const filled = Math.round(Math.min(1, done / most) * barWidth);
  const verb = summary.revert?.dryRun ? 'Dry run of the undo' : 'Undoing';
  return `${verb}  [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]  ${formatCount(done)} contacts`;
};

/** The revert's result in words: what was deleted, restored and kept, and why. */
export const renderRevert = (summary: ImportSummary): string => {
  const revert = summary.revert;
  if (!revert) return `Import ${summary.id} has no revert.\n`;
  const { counts, keptBy } = revert;
  const would = revert.dryRun ? 'would be ' : '';
  const lines = [
    `${revert.dryRun ? 'Dry run of the undo' : 'Undo'} of import ${summary.id}: ${revert.status}`,
    `  contacts  ${formatCount(counts.contacts)}`,
    `  deleted   ${formatCount(counts.deleted)} (created by the import, ${would}deleted)`,
    `  restored  ${formatCount(counts.restored)} (${would}given back what the import changed)`,
    `  kept      ${formatCount(counts.kept)} (changed since: ${formatCount(keptBy.changed_since)}, email taken: ${formatCount(keptBy.email_taken)})`,
    ...(revert.failure ? [`  failure   ${revert.failure.code}: ${revert.failure.message}`] : []),
  ];
  return `${lines.join('\n')}\n`;
};

export const revertImport = async (target: ApiTarget, importId: string, dryRun: boolean) => {
  const { io } = target;
  const progress = io.interactive && !target.json ? new ProgressLine(io.stderr) : undefined;
  const summary = await withApiSession(target, async ({ api }) => {
    try {
      await api.postJson(`/imports/${importId}/revert`, { dryRun });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new CliError(`no import ${importId} in this workspace`);
      }
      if (error instanceof ApiError && error.code !== undefined && REFUSALS.has(error.code)) {
        throw new CliError(`import ${importId} cannot be undone (${error.code}): ${error.message}`);
      }
      throw error;
    }
    for (;;) {
      const current = await api.getJson<ImportSummary>(`/imports/${importId}`);
      progress?.update(formatRevertProgress(current));
      if (current.revert && current.revert.status !== 'running') return current;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  progress?.clear();
  await io.write(target.json ? `${JSON.stringify(summary, null, 2)}\n` : renderRevert(summary));
  return summary.revert?.status === 'completed' ? EXIT.ok : EXIT.failure;
};

export const registerRevertCommand = (parent: Command, scope: CliScope): Command =>
  parent
    .command('revert')
    .summary('undo an import: delete what it created, restore what it changed (not what changed since)')
    .description(
      'Undo an import (SPEC §10): the contacts it created are deleted and those it updated get back, field by ' +
        'field, what they had before, except what changed since. --dry-run counts what it would do and changes ' +
        'nothing. Waits for the end and prints the counts; exit 0 when the revert completed.',
    )
    .usage('ID [--dry-run] [--workspace W] [--json]')
    .addArgument(importIdArgument('revert'))
    .addOption(new Option('--dry-run', 'count what the undo would do, change nothing'))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(
      async (
        importId: string,
        flags: { workspace?: string; json?: boolean; dryRun?: boolean },
        command: Command,
      ) => {
        scope.exitCode = await revertImport(
          apiTarget(scope, command, flags),
          importId,
          flags.dryRun === true,
        );
      },
    );
