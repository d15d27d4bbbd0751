// Follows an import until it ends, the deadline passes, it makes no progress for too long, or a signal comes:
// whatever stops the waiting, what is known so far is handed back (the CLI never waits silently).

import { isEnded } from '../shared/api/import-summary.js';
import type { ImportSummary } from '../shared/import/import-record.js';
import { type ApiClient, ApiError, ApiUnreachableError } from './api-client.js';

/** A pending import that has not started after this long gets a note: the upload may not have reached it. */
const PENDING_NOTICE_MS = 60_000;
const POLL_MIN_MS = 150;
const POLL_MAX_MS = 1000;
/** Consecutive failed polls (network, 5xx) tolerated before giving up: the import goes on regardless. */
const POLL_RETRIES = 5;

export type StopReason =
  | { kind: 'deadline'; seconds: number }
  | { kind: 'stalled'; seconds: number }
  | { kind: 'signal'; signal: 'SIGINT' | 'SIGTERM' };

/** Thrown out of any wait once the command stops waiting; carries why. */
export class StoppedWaiting extends Error {
  override readonly name = 'StoppedWaiting';
  constructor(readonly reason: StopReason) {
    super(`stopped waiting (${reason.kind})`);
  }
}

/** `promise`, unless the stop signal fires first: then its StoppedWaiting reason. */
export const unlessStopped = <T>(promise: Promise<T>, stop: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    if (stop.aborted) {
      reject(stop.reason);
      return;
    }
    const onStop = () => reject(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });
    promise.then(resolve, reject).finally(() => stop.removeEventListener('abort', onStop));
  });

const sleep = (ms: number, stop: AbortSignal) =>
  unlessStopped(new Promise<void>((resolve) => setTimeout(resolve, ms)), stop);

const isTransient = (error: unknown) =>
  (error instanceof ApiError && error.status >= 500) || error instanceof ApiUnreachableError;

/** What moves while an import advances: a poll that differs in any of it is progress. */
const progressMark = (summary: ImportSummary) =>
  `${summary.status}|${summary.progress.rowsProcessed}|${summary.progress.bytesProcessed}`;

export interface WaitOptions {
  stop: AbortController;
  /** No progress for this long stops the waiting (reason `stalled`). */
  stallMs: number;
  onPoll: (summary: ImportSummary) => void;
  note: (line: string) => void;
}

/** Polls the import to its end; on a stop, rejects with StoppedWaiting (the last summary was given to onPoll). */
export const waitForImport = async (
  api: ApiClient,
  importId: string,
  { stop, stallMs, onPoll, note }: WaitOptions,
): Promise<ImportSummary> => {
  const since = Date.now();
  let delay = POLL_MIN_MS;
  let failures = 0;
  let noted = false;
  let mark = '';
  let lastProgress = Date.now();
  for (;;) {
    let summary: ImportSummary;
    try {
      summary = await unlessStopped(api.getJson<ImportSummary>(`/imports/${importId}`), stop.signal);
      failures = 0;
    } catch (error) {
      if (error instanceof StoppedWaiting || !isTransient(error) || ++failures > POLL_RETRIES) throw error;
      await sleep(POLL_MAX_MS * failures, stop.signal);
      continue;
    }
    onPoll(summary);
    if (isEnded(summary.status)) return summary;
    if (progressMark(summary) !== mark) {
      mark = progressMark(summary);
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress >= stallMs) {
      stop.abort(new StoppedWaiting({ kind: 'stalled', seconds: Math.round(stallMs / 1000) }));
    }
    if (summary.status === 'pending' && !noted && Date.now() - since > PENDING_NOTICE_MS) {
      noted = true;
      note(`Import ${importId} has not started after ${PENDING_NOTICE_MS / 1000} s; still waiting…`);
    }
    await sleep(delay, stop.signal);
    delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.5));
  }
};
