// The error report's own columns (SPEC §6): the row's number in the file, then its outcome, code and message.

/** Never mapped when a report is imported again: no custom field may take one of these names. */
export const REPORT_COLUMNS = ['import_row', 'import_outcome', 'import_code', 'import_message'] as const;
