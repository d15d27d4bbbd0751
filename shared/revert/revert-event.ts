// The event announced when a revert ends: ids, status and counts, no personal data.

import { EVENT_SOURCE } from '../import/import-event.js';
import type { ImportSummary } from '../import/import-record.js';

export const revertEventDetail = (summary: ImportSummary) => ({
  source: EVENT_SOURCE,
  detailType: 'Contact Import Reverted',
  detail: {
    importId: summary.id,
    status: summary.revert?.status,
    dryRun: summary.revert?.dryRun,
    counts: summary.revert?.counts,
    keptBy: summary.revert?.keptBy,
    finishedAt: summary.revert?.finishedAt,
  },
});
