// The contacts every workspace of a reliability test starts with: imported once, then copied into each workspace.

import type { Harness } from '../../support/import-harness.js';
import { BEFORE_FILE } from './generate-files.js';
import { restoreWorkspace, scanTable, snapshotWorkspace } from './workspace-state.js';

export const SCORE_FIELD = { key: 'score', label: 'Score', type: 'number' } as const;

/** Imports BEFORE_FILE (and the `score` field) into a template workspace; the result copies it into another. */
export const createStartingPoint = async (h: Harness): Promise<(workspaceId: string) => Promise<void>> => {
  const template = `template-${Math.random().toString(36).slice(2, 8)}`;
  await h.addCustomField(SCORE_FIELD, template);
  const before = await h.importCsv(BEFORE_FILE, { workspaceId: template });
  if (before.summary.counts.created !== 5) throw new Error('the starting contacts did not import');
  const snapshot = snapshotWorkspace(await scanTable(h.env), template);
  return (workspaceId) => restoreWorkspace(h.env, snapshot, template, workspaceId);
};
