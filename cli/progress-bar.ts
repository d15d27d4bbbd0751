// The progress line on a terminal's stderr: the upload, then the import's rows and bytes, redrawn in place.

export const formatBytes = (bytes: number): string => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
};

export const formatCount = (value: number): string => value.toLocaleString('en-US');

const bar = (fraction: number, width: number): string => {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
};

const percent = (done: number, total: number): string =>
  `${Math.floor((Math.min(done, total) / total) * 100)
    .toString()
    .padStart(3)}%`;

export const formatUploadProgress = (sent: number, total: number, barWidth = 24): string =>
  `Uploading  ${bar(total > 0 ? sent / total : 1, barWidth)} ${percent(sent, Math.max(total, 1))}  ${formatBytes(sent)} / ${formatBytes(total)}`;

export interface ImportProgress {
  status: string;
  progress: { rowsProcessed: number; bytesProcessed: number; bytesTotal: number };
}

/** Rows and bytes, the percentage of the file's bytes read; "waiting" until the import starts. */
export const formatImportProgress = (summary: ImportProgress, barWidth = 24): string => {
  const { rowsProcessed, bytesProcessed, bytesTotal } = summary.progress;
  if (summary.status === 'pending' || bytesTotal === 0) return 'Importing  waiting for the import to start…';
  return `Importing  ${bar(bytesProcessed / bytesTotal, barWidth)} ${percent(bytesProcessed, bytesTotal)}  ${formatCount(rowsProcessed)} rows  ${formatBytes(bytesProcessed)} / ${formatBytes(bytesTotal)}`;
};

/** One line redrawn with `\r`, at most every `intervalMs`; cleared before anything else is printed. */
export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs = 100,
  ) {}

  update(text: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    // A terminal that reports no size (0) gets 80 columns.
    const width = (this.stream.columns || 80) - 1;
    this.stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width) : text}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
