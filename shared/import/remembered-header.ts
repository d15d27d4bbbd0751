// The header of a file and the settings remembered for it (SPEC §11): found as a run starts, kept as it completes.

import type { CustomField } from '../domain/fields.js';
import { LIMITS } from '../domain/fields.js';
import type { ResolvedImportOptions } from '../domain/import-options.js';
import { isImportError } from '../errors.js';
import { layersOfResolved, optionSources, resolveImportOptions } from '../options/resolve-import-options.js';
import { headerKey } from '../profiles/header-key.js';
import {
  changesDefaults,
  REMEMBERED_OPTION_NAMES,
  type RememberedSettings,
  rememberedOptionsOf,
} from '../profiles/remembered-settings.js';
import { detectLayout, firstRecords } from './detect-layout.js';
import type { ImportLayout, ImportRecord } from './import-record.js';
import type { ImportEngineDeps, ImportRun } from './run-import.js';

interface HeaderContext {
  deps: Pick<ImportEngineDeps, 'remembered'>;
  job: Pick<ImportRun, 'workspaceId' | 'importId' | 'source'>;
  record: Pick<ImportRecord, 'options' | 'optionSources'>;
}

/**
 * Finds the header, then the settings remembered for it (SPEC §11): they apply to the options that were not given
 * explicitly nor by a profile, unless the import says `ignoreRemembered`, with a warning naming their import. A
 * header found only by a remembered mapping is found too: among the first rows, the one settings are kept for.
 * Returns the options in force when they changed.
 */
export const readHeader = async (
  context: HeaderContext,
  customFields: CustomField[],
): Promise<{ layout: ImportLayout; options?: ResolvedImportOptions }> => {
  const { deps, job, record } = context;
  const { workspaceId, importId } = job;
  const { remembered } = deps;
  const remembering =
    remembered !== undefined && record.optionSources !== undefined && !record.options.ignoreRemembered;
  const lookup = async (headers: string[]) => {
    if (!remembering) return undefined;
    const found = await remembered.getRemembered(workspaceId, headerKey(headers));
    return found && found.importId !== importId && changesDefaults(found.options) ? found : undefined;
  };
  let detected: ImportLayout;
  try {
    detected = await detectLayout(job.source, record.options, customFields);
  } catch (error) {
    if (!remembering || !isImportError(error, 'no_header') || record.options.headerRow !== undefined) {
      throw error;
    }
    const rows = await firstRecords(job.source, record.options, customFields, LIMITS.headerSearchRows);
    for (const row of rows) {
      const found = await lookup(row.cells.map((cell) => cell.trim()));
      const applied = found ? await applyRemembered(context, found, row.row, customFields) : undefined;
      if (applied) return applied;
    }
    throw error;
  }
  const found = await lookup(detected.headers);
  const applied = found ? await applyRemembered(context, found, detected.headerRow, customFields) : undefined;
  return applied ?? { layout: { ...detected, headerKey: headerKey(detected.headers) } };
};

/** The layout and options with remembered settings, or undefined when they would change nothing. */
const applyRemembered = async (
  { job, record }: HeaderContext,
  found: RememberedSettings,
  headerRow: number,
  customFields: CustomField[],
): Promise<{ layout: ImportLayout; options: ResolvedImportOptions } | undefined> => {
  const sources = record.optionSources ?? {};
  const layers = { ...layersOfResolved(record.options, sources), remembered: found.options };
  let options: ResolvedImportOptions;
  try {
    options = resolveImportOptions(layers, customFields);
  } catch (error) {
    // A remembered mapping to a field the workspace no longer has is of no use: the import goes without it.
    if (isImportError(error, 'unknown_field') || isImportError(error, 'invalid_mapping')) return undefined;
    throw error;
  }
  // The remembered options that change something: a rule remembered at its default is no news.
  const taken = optionSources(layers);
  const applied = REMEMBERED_OPTION_NAMES.filter(
    (name) => taken[name] === 'remembered' && changesDefaults({ [name]: options[name] }),
  );
  if (applied.length === 0) return undefined;
  // The header is the same row; its columns are mapped again, with the remembered mapping.
  const layout = await detectLayout(job.source, { ...options, headerRow }, customFields);
  const warning = {
    code: 'settings_from_previous_import',
    message: `The ${applied.join(', ')} of import ${found.importId} (completed ${found.finishedAt}), the last completed import of a file with this header, apply: give them in the options, or ignoreRemembered, to import otherwise`,
  };
  return {
    layout: {
      ...layout,
      headerKey: headerKey(layout.headers),
      remembered: { importId: found.importId, finishedAt: found.finishedAt, options: applied },
      warnings: [warning, ...layout.warnings],
    },
    options,
  };
};

/** A completed real import's mapping and rules are remembered for its header row; a dry run's never are. */
export const rememberSettings = async (
  { deps, job, record }: HeaderContext,
  layout: ImportLayout,
  finishedAt: string,
): Promise<void> => {
  if (record.options.dryRun || !deps.remembered || layout.headerKey === undefined) return;
  await deps.remembered.remember(job.workspaceId, layout.headerKey, {
    importId: job.importId,
    finishedAt,
    options: rememberedOptionsOf(record.options),
  });
};
