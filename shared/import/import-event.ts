// The event announced when an import ends: ids, status and counts, no personal data.

import type { ImportSummary } from './import-record.js';

export const EVENT_SOURCE = 'contacts-import';

const DETAIL_TYPES: Partial<Record<ImportSummary['status'], string>> = {
  completed: 'Contact Import Completed',
  failed: 'Contact Import Failed',
  cancelled: 'Contact Import Cancelled',
};

export const importEventDetail = (summary: ImportSummary) => ({
  source: EVENT_SOURCE,
  detailType: DETAIL_TYPES[summary.status] ?? 'Contact Import Failed',
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
