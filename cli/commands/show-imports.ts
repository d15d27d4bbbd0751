// `imports`: the workspace's imports, newest first (GET /imports, every page); `imports ID`: one summary.

import { isImportId } from '../../shared/ids.js';
import type { ImportSummary } from '../../shared/import/import-record.js';
import { ApiError } from '../api-client.js';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import { formatCount } from '../progress-bar.js';
import { renderSummary } from '../render-summary.js';
import type { TableColumn } from '../render-table.js';
import { writeListing } from '../write-listing.js';
import { type Command, type CommandContext, commandPrefix, withApiSession } from './command-context.js';

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

const showOne = async (context: CommandContext, id: string) => {
  const importId = id.toUpperCase();
  if (!isImportId(importId)) {
    throw new UsageError(
      `"${id}" is not an import id (26 letters and digits, as \`imports\` lists them)`,
      'imports',
    );
  }
  const summary = await withApiSession(context, async ({ api }) => {
    try {
      return await api.getJson<ImportSummary>(`/imports/${importId}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new CliError(`no import ${importId} in this workspace`);
      }
      throw error;
    }
  });
  await context.io.write(
    context.options.json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : renderSummary(summary, { commandPrefix: commandPrefix(context.options) }),
  );
  return EXIT.ok;
};

const listAll = async (context: CommandContext) => {
  const { options, io } = context;
  const count = await withApiSession(context, ({ api }) =>
    writeListing(io, options.json, {
      fetchPage: async (cursor) => {
        const query = cursor ? `?${new URLSearchParams({ cursor })}` : '';
        const page = await api.getJson<{ imports: ImportSummary[]; cursor?: string }>(`/imports${query}`);
        return { items: page.imports, ...(page.cursor ? { cursor: page.cursor } : {}) };
      },
      columns: COLUMNS,
      toRow,
    }),
  );
  if (!options.json && count === 0) {
    await io.write(`No imports yet. Start one with: ${commandPrefix(options)} import FILE\n`);
  }
  return EXIT.ok;
};

export const showImports: Command = (context) => {
  const id = context.args[0];
  return id === undefined ? listAll(context) : showOne(context, id);
};
