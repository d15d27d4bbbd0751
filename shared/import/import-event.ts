// The event announced when an import ends: ids, status and counts, no personal data.

import type { ImportSummary } from './import-record.js';

export const EVENT_SOURCE = 'contacts-import';

export const importEventDetail = (summary: ImportSummary) => ({
  source: EVENT_SOURCE,
  detailType: summary.status === 'completed' ? 'Contact Import Completed' : 'Contact Import Failed',
  detail: {
    importId: summary.id,
    status: summary.status,
    source: summary.source,
    dryRun: summary.options.dryRun,
    counts: summary.counts,
    ...(summary.failure ? { failureCode: summary.failure.code } : {}),
    finishedAt: summary.finishedAt,
  },
});
