// Where a real import's time goes: every DynamoDB and S3 request timed by kind (SDK middleware), then summed,
// merged into wall time, and the lanes' idle time while a batch's transactions are in flight (`--profile`).

import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What a request was for, by its command (and, for S3, by what it writes or reads). */
export type RequestKind =
  | 'prefetch reads'
  | 'transactions'
  | 'fold'
  | 'other DynamoDB'
  | 'segment writes'
  | 'file reads'
  | 'other S3';

interface Interval {
  kind: RequestKind;
  start: number;
  end: number;
  /** Actions of a transaction. */
  actions?: number;
}

export interface KindFigures {
  requests: number;
  /** Seconds summed over requests (in flight together: counted each). */
  sumSeconds: number;
  /** Seconds while at least one request of this kind was in flight. */
  wallSeconds: number;
}

export interface ImportProfile {
  seconds: number;
  byKind: Partial<Record<RequestKind, KindFigures>>;
  /** Seconds with no request in flight at all: the engine's CPU (parsing, planning, tallying) on the critical path. */
  nothingInFlightSeconds: number;
  /** Seconds of the wall clock with at least one transaction in flight, and of those with the lanes all busy. */
  transactionsWallSeconds: number;
  allLanesBusySeconds: number;
  /** Lane-seconds idle while a transaction was in flight: 1 − used / (lanes × transactions' wall). */
  laneIdleShare: number;
  meanActionsPerTransaction: number;
  /** Transactions per progress update (about one a batch). */
  transactionsPerBatch: number;
  /** Updates of the progress item: one fold a batch, and those of the run's start and end. */
  batches: number;
}

/** The report's and the journal's segments (NdjsonSegments). */
const S3_SEGMENT = /\.ndjson$/;

const dynamoKind = (name: string, input: Record<string, unknown>): RequestKind => {
  if (name.startsWith('BatchGet') || name.startsWith('Get') || name.startsWith('Query'))
    return 'prefetch reads';
  if (name.startsWith('TransactWrite')) return 'transactions';
  if (name.startsWith('Update') && JSON.stringify(input.Key ?? {}).includes('#I#')) return 'fold';
  return 'other DynamoDB';
};

const s3Kind = (name: string, input: Record<string, unknown>): RequestKind => {
  if (name.startsWith('PutObject') && S3_SEGMENT.test(String(input.Key ?? ''))) return 'segment writes';
  if (name.startsWith('GetObject') && !S3_SEGMENT.test(String(input.Key ?? ''))) return 'file reads';
  return 'other S3';
};

/** Merged length of intervals (each [start, end]). */
const unionSeconds = (intervals: { start: number; end: number }[]): number => {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let from = 0;
  let to = -Infinity;
  for (const { start, end } of sorted) {
    if (start > to) {
      if (to > -Infinity) total += to - from;
      from = start;
      to = end;
    } else to = Math.max(to, end);
  }
  return (to > -Infinity ? total + (to - from) : total) / 1000;
};

/** Records every request of both clients from now on; `stop()` computes the figures between start and now. */
export const profileRequests = (documentClient: DynamoDBDocumentClient, s3: S3Client) => {
  const intervals: Interval[] = [];
  let recording = false;
  let startedAt = 0;
  const timed =
    (classify: (name: string, input: Record<string, unknown>) => RequestKind) =>
    // biome-ignore lint/suspicious/noExplicitAny: the middleware's types differ per client; only input and name are read.
    (next: any, context: any) =>
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    async (args: any) => {
      if (!recording) return next(args);
      const input = args.input as Record<string, unknown>;
      const kind = classify(context.commandName ?? '', input);
      const start = performance.now();
      try {
        return await next(args);
      } finally {
        const actions =
          kind === 'transactions' ? ((input.TransactItems as unknown[] | undefined)?.length ?? 0) : undefined;
        intervals.push({
          kind,
          start,
          end: performance.now(),
          ...(actions !== undefined ? { actions } : {}),
        });
      }
    };
  documentClient.middlewareStack.add(timed(dynamoKind), { step: 'initialize', name: 'benchProfile' });
  s3.middlewareStack.add(timed(s3Kind), { step: 'initialize', name: 'benchProfile' });
  return {
    start() {
      intervals.length = 0;
      recording = true;
      startedAt = performance.now();
    },
    stop(lanes: number): ImportProfile {
      recording = false;
      const endedAt = performance.now();
      const byKind: ImportProfile['byKind'] = {};
      for (const kind of new Set(intervals.map((i) => i.kind))) {
        const of = intervals.filter((i) => i.kind === kind);
        byKind[kind] = {
          requests: of.length,
          sumSeconds: of.reduce((sum, i) => sum + (i.end - i.start), 0) / 1000,
          wallSeconds: unionSeconds(of),
        };
      }
      const seconds = (endedAt - startedAt) / 1000;
      // The lanes' occupancy while transactions are in flight: a sweep over their starts and ends.
      const transactions = intervals.filter((i) => i.kind === 'transactions');
      const edges = transactions
        .flatMap((i) => [
          { at: i.start, d: 1 },
          { at: i.end, d: -1 },
        ])
        .sort((a, b) => a.at - b.at || a.d - b.d);
      let inFlight = 0;
      let last = 0;
      let busy = 0;
      let full = 0;
      let used = 0;
      for (const { at, d } of edges) {
        if (inFlight > 0) {
          busy += at - last;
          used += (at - last) * Math.min(inFlight, lanes);
          if (inFlight >= lanes) full += at - last;
        }
        inFlight += d;
        last = at;
      }
      const folds = byKind.fold?.requests ?? 0;
      return {
        seconds,
        byKind,
        nothingInFlightSeconds: seconds - unionSeconds(intervals),
        transactionsWallSeconds: busy / 1000,
        allLanesBusySeconds: full / 1000,
        laneIdleShare: busy > 0 ? 1 - used / (lanes * busy) : 0,
        meanActionsPerTransaction:
          transactions.reduce((sum, i) => sum + (i.actions ?? 0), 0) / Math.max(1, transactions.length),
        transactionsPerBatch: transactions.length / Math.max(1, folds),
        batches: folds,
      };
    },
  };
};
