// What a row read tells the summary beside its outcome (SPEC §3), and the warning the import's tally of it gives.

export const ROW_NOTE_CODES = ['extra_emails_ignored'] as const;
export type RowNoteCode = (typeof ROW_NOTE_CODES)[number];

/** How many rows gave each note. */
export type RowNoteCounts = Partial<Record<RowNoteCode, number>>;

export interface RowNoteWarning {
  code: RowNoteCode;
  message: string;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const MESSAGES: Record<RowNoteCode, (rows: number) => string> = {
  extra_emails_ignored: (rows) =>
    `${plural(rows, 'row holds', 'rows hold')} several email addresses in one cell: the first valid address of each was imported, the others ignored`,
};

/** The summary's warnings for the notes tallied so far, in the order of ROW_NOTE_CODES. */
export function rowNoteWarnings(counts: RowNoteCounts | undefined): RowNoteWarning[] {
  return ROW_NOTE_CODES.flatMap((code) => {
    const rows = counts?.[code] ?? 0;
    return rows > 0 ? [{ code, message: MESSAGES[code](rows) }] : [];
  });
}
