// An import's revert as it is stored and as its summary shows it (SPEC §10).

import type { KeptCode } from './plan-revert.js';

export const REVERT_STATUSES = ['running', 'completed', 'failed'] as const;
export type RevertStatus = (typeof REVERT_STATUSES)[number];

export interface RevertCounts {
  contacts: number;
  deleted: number;
  restored: number;
  kept: number;
}

export type KeptBy = Record<KeptCode, number>;

/** Where a revert stands: contacts are undone pass by pass, in id order within a pass. */
export interface RevertPosition {
  pass: number;
  /** The last contact id undone in this pass ('' before the first). */
  after: string;
}

export interface RevertCheckpoint extends RevertPosition {
  counts: RevertCounts;
  keptBy: KeptBy;
}

/** Why a revert ended `failed`: an unexpected error met at one checkpoint on every attempt. */
export interface RevertFailure {
  code: 'internal';
  message: string;
}

export interface RevertState extends RevertCheckpoint {
  status: RevertStatus;
  dryRun: boolean;
  startedAt: string;
  finishedAt?: string;
  /** The run that holds the revert, and until when. */
  runId?: string;
  leaseUntil?: number;
  announcedAt?: string;
  failure?: RevertFailure;
  /** Attempts an unexpected error ended at the checkpoint `failedAt` names (`pass/after`). */
  failedAttempts?: number;
  failedAt?: string;
}

/** The summary's `revert`. */
export interface RevertSummary {
  status: RevertStatus;
  dryRun: boolean;
  counts: RevertCounts;
  keptBy: KeptBy;
  startedAt: string;
  finishedAt?: string;
  failure?: RevertFailure;
}

export const emptyRevertCheckpoint = (): RevertCheckpoint => ({
  pass: 0,
  after: '',
  counts: { contacts: 0, deleted: 0, restored: 0, kept: 0 },
  keptBy: { changed_since: 0, email_taken: 0 },
});

export const revertSummary = (state: RevertState): RevertSummary => ({
  status: state.status,
  dryRun: state.dryRun,
  counts: state.counts,
  keptBy: state.keptBy,
  startedAt: state.startedAt,
  ...(state.finishedAt ? { finishedAt: state.finishedAt } : {}),
  ...(state.failure ? { failure: state.failure } : {}),
});
