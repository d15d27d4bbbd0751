// How long an import run holds its import and when it stops for the next round: the one home of these rules.

/** The import function's timeout, Lambda's maximum (infra/constructs/contacts-import-functions.ts takes it from here). */
export const IMPORT_TIMEOUT_MS = 15 * 60 * 1000;

/** What a run's claim adds to its invocation's time: a run still alive never loses its import to another. */
export const LEASE_MARGIN_MS = 60_000;

/** The lease of a run whose invocation may last `invocationMs`: past it, a run that died is taken over. */
export const leaseFor = (invocationMs: number): number => invocationMs + LEASE_MARGIN_MS;

/**
 * The run pauses at a batch boundary once less than this is left of its invocation: two minutes (a batch and its
 * writes fit well inside), or half of a shorter invocation (the local stack's forced continuations).
 */
export const safetyMarginFor = (invocationMs: number): number =>
  Math.min(120_000, Math.floor(invocationMs / 2));
