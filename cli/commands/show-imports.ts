// `imports`: the workspace's imports, newest first (GET /imports, every page); `imports ID`: one summary.

import type { Command } from 'commander';
import type { ImportSummary, ImportsPage } from '../../shared/api/import-summary.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { importIdArgument } from '../import-id.js';
import { jsonOption, workspaceOption } from '../option-values.js';
import { formatCount } from '../progress-bar.js';
import { renderSummary } from '../render-summary.js';
import type { TableColumn } from '../render-table.js';
import { writeListing } from '../write-listing.js';
import { type ApiTarget, apiTarget, commandPrefix, withApiSession } from './command-context.js';

const COLUMNS: TableColumn[] = [
  { header: 'ID' },
  { header: 'STATUS' },
  { header: 'SOURCE' },
  { header: 'FILE', max: 32 },
  { header: 'ROWS', align: 'right' },
  { header: 'CREATED', align: 'right' },
  { header: 'UPDATED', align: 'right' },
  { header: 'SKIPPED', align: 'right' },
  { header: 'ERRORED', align: 'right' },
  { header: 'WHEN (UTC)' },
];

const toRow = (summary: ImportSummary): string[] => [
  summary.id,
  `${summary.status}${summary.options.dryRun ? ' (dry run)' : ''}`,
  summary.source,
  summary.fileName,
  formatCount(summary.counts.rows),
  formatCount(summary.counts.created),
  formatCount(summary.counts.updated),
  formatCount(summary.counts.skipped),
  formatCount(summary.counts.errored),
  summary.createdAt.slice(0, 16).replace('T', ' '),
];

const showOne = async (target: ApiTarget, importId: string) => {
  const summary = await withApiSession(target, async ({ api }) => {
    try {
      return await api.getJson<ImportSummary>(`/imports/${importId}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new CliError(`no import ${importId} in this workspace`);
      }
      throw error;
    }
  });
  await target.io.write(
    target.json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : renderSummary(summary, { commandPrefix: commandPrefix(target) }),
  );
  return EXIT.ok;
};

const listAll = async (target: ApiTarget) => {
  const { io, json } = target;
  const count = await withApiSession(target, ({ api }) =>
    writeListing(io, json, {
      fetchPage: async (cursor) => {
        const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
        const page = await api.getJson<ImportsPage>(`/imports${query}`);
        return { items: page.imports, ...(page.cursor ? { cursor: page.cursor } : {}) };
      },
      columns: COLUMNS,
      toRow,
    }),
  );
  if (!json && count === 0) {
    await io.write(`No imports yet. Start one with: ${commandPrefix(target)} import FILE\n`);
  }
  return EXIT.ok;
};

export const registerImportsCommand = (parent: Command, scope: CliScope): Command =>
  parent
    .command('imports')
    .summary("list the workspace's imports, newest first, or show one import's summary")
    .description("List the workspace's imports, newest first, or show one import's summary.")
    .usage('[ID] [--workspace W] [--json]')
    .addArgument(importIdArgument('imports', false))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(
      async (
        importId: string | undefined,
        flags: { workspace?: string; json?: boolean },
        command: Command,
      ) => {
        const target = apiTarget(scope, command, flags);
        scope.exitCode = await (importId === undefined ? listAll(target) : showOne(target, importId));
      },
    );
