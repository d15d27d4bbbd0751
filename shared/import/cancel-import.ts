// Use case: POST /imports/{id}/cancel, `contacts-import cancel ID` (SPEC §6): stop an import at its next batch.

import { ImportError } from '../errors.js';
import type { ImportStore, StoredImport } from '../ports/import-store.js';

/**
 * A pending import no run has claimed ends `cancelled` at once; a running one is flagged and its run ends it at its
 * next batch (what it applied stays applied and counted). Returns the import as it stands after the request.
 */
export const cancelImport = async (
  deps: { imports: ImportStore; now: () => Date },
  workspaceId: string,
  importId: string,
): Promise<StoredImport> => {
  const outcome = await deps.imports.cancelImport(workspaceId, importId, deps.now().toISOString());
  const stored = outcome && (await deps.imports.getImport(workspaceId, importId));
  if (!stored) throw new ImportError('not_found', 'import not found');
  if (outcome === 'ended') {
    throw new ImportError(
      'not_cancellable',
      `the import has ended (${stored.record.status}): nothing to cancel`,
      {
        status: stored.record.status,
      },
    );
  }
  return stored;
};
