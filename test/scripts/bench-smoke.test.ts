import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** A run of every phase takes ~40 s on a quiet 2-core machine (75 s loaded): both below stay within 5 minutes. */
const RUN_TIMEOUT_MS = 150_000;

const bench = async (args: string[]) => {
  const { stdout } = await run('node', ['--import', 'tsx', 'scripts/bench.ts', ...args, '--json'], {
    cwd: process.cwd(),
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(stdout);
};

describe('npm run bench', () => {
  it(
    'runs every phase on a few hundred rows and reports figures for each',
    async () => {
      // Act
      const report = await bench(['--rows', '300']);
      // Assess
      expect(report.rows).toBe(300);
      for (const phase of ['parse', 'dryRun', 'engine', 'import', 'writeLimit']) {
        expect(report[phase].rowsPerSecond).toBeGreaterThan(0);
      }
      expect(report.import.counts.rows).toBe(300);
      expect(report.dryRun.counts).toEqual(report.import.counts);
      expect(report.import.requestsPer1000Rows).toBeGreaterThan(0);
      expect(report.ratios.importToWriteLimit).toBeGreaterThan(0);
      expect(report.ratios.engineToParse).toBeGreaterThan(0);
      expect(report.engine.microsecondsPerRow).toBeGreaterThan(0);
      // The write limit wrote as many items as the import, 25 a request, 8 in flight.
      expect(report.writeLimit.items).toBe(report.import.itemsWritten);
      expect(report.writeLimit.inFlight).toBe(8);
      // The transaction limits wrote the same items, 92 puts a transaction, 8 in flight (conditioned: each put too).
      for (const limit of [report.transactionLimit, report.conditionedTransactionLimit]) {
        expect(limit.items).toBe(report.import.itemsWritten);
        expect(limit.requestItems).toBe(92);
        expect(limit.inFlight).toBe(8);
        expect(limit.rowsPerSecond).toBeGreaterThan(0);
      }
      expect(report.ratios.importToTransactionLimit).toBeGreaterThan(0);
      expect(report.ratios.transactionLimitToWriteLimit).toBeGreaterThan(0);
      // Write units counted from the requests: each row's own items at least (2 a transactional item).
      expect(report.units.newContact.counts.created).toBe(300);
      expect(report.units.newContact.tableUnitsPerRow.contact).toBe(2);
      expect(report.units.newContact.unitsPerRow).toBeGreaterThanOrEqual(6);
      expect(report.units.updateByEmail.counts.updated).toBe(300);
      expect(report.units.updateByEmail.unitsPerRow).toBeGreaterThanOrEqual(2);
      // Rows sharing one phone against a phone each, both exact, and the revert of the import.
      expect(report.sharedPhone.distinct.countsExact).toBe(true);
      expect(report.sharedPhone.shared.status).toBe('completed');
      expect(report.sharedPhone.shared.countsExact).toBe(true);
      expect(report.ratios.sharedPhoneToDistinct).toBeGreaterThan(0);
      expect(report.revert.countsExact).toBe(true);
      expect(report.revert.counts.deleted).toBe(report.import.counts.created);
      expect(report.revert.contactsAfter).toBe(report.existing);
      expect(report.ratios.revertToImport).toBeGreaterThan(0);
      // The dry run's figures are those of a child process of its own.
      expect(typeof report.dryRun.pid).toBe('number');
      expect(report.dryRun.pid).not.toBe(report.pid);
      expect(typeof report.dryRun.peakRssMb).toBe('number');
      expect(report.dryRun.peakRssMb).toBeGreaterThan(0);
      expect(report.dryRun.peakRssMb).toBe(Math.max(report.dryRun.sampledPeakRssMb, report.dryRun.maxRssMb));
      expect(report.dryRun.heapUsedAfterGcMb).toBeGreaterThan(0);
      expect(report.dryRun.liveHeapMaxMb).toBeGreaterThan(0);
      expect(report.dryRun.requestsPer1000Rows).toBeGreaterThan(0);
      // The import's counts are checked against the dry run's and against the contacts stored.
      expect(report.import.countsExact).toBe(true);
      expect(report.import.countsCheckedAgainstDryRun).toBe(true);
      expect(report.import.contactsStored).toBe(report.existing + report.import.counts.created);
      // 300 rows fit one 15-minute invocation (the import's report objects notify nobody, as in AWS).
      expect(report.import.invocations).toBe(1);
    },
    RUN_TIMEOUT_MS + 5_000,
  );

  it(
    'profiles an import through commit lanes: the time of each kind of request and the lanes it kept busy',
    async () => {
      // Act
      const report = await bench([
        '--rows',
        '300',
        '--phases',
        'import,write-limit',
        '--commit-concurrency',
        '8',
        '--profile',
        '--batch-rows',
        '100',
      ]);
      // Assess
      const { profile } = report.import;
      expect(report.import.countsExact).toBe(true);
      // One fold a batch (3 of 100 rows), and the progress updates of the run's start and end.
      expect(profile.batches).toBeGreaterThanOrEqual(3);
      expect(profile.byKind.transactions.requests).toBe(
        report.import.requestsByCommand.TransactWriteItemsCommand,
      );
      expect(profile.byKind.transactions.wallSeconds).toBeGreaterThan(0);
      expect(profile.byKind.transactions.wallSeconds).toBeLessThanOrEqual(profile.seconds);
      expect(profile.byKind.transactions.sumSeconds).toBeGreaterThanOrEqual(
        profile.byKind.transactions.wallSeconds,
      );
      expect(profile.byKind['prefetch reads'].requests).toBeGreaterThan(0);
      expect(profile.byKind['segment writes'].requests).toBeGreaterThanOrEqual(3);
      expect(profile.nothingInFlightSeconds).toBeGreaterThanOrEqual(0);
      expect(profile.laneIdleShare).toBeGreaterThanOrEqual(0);
      expect(profile.laneIdleShare).toBeLessThan(1);
      expect(profile.meanActionsPerTransaction).toBeGreaterThan(1);
    },
    RUN_TIMEOUT_MS + 5_000,
  );

  it(
    'continues an import and its revert over many short invocations with exact counts',
    async () => {
      // Act: batches of 20 rows; invocations pause once less than 0.1 s is left: a batch or two each.
      const report = await bench([
        '--rows',
        '300',
        '--phases',
        'dry-run,import,revert',
        '--invocation-seconds',
        '0.2',
        '--batch-rows',
        '20',
      ]);
      // Assess
      expect(report.import.invocationSeconds).toBe(0.2);
      expect(report.import.invocations).toBeGreaterThan(1);
      expect(report.import.countsExact).toBe(true);
      expect(report.import.counts).toEqual(report.dryRun.counts);
      expect(report.import.counts.rows).toBe(300);
      expect(report.import.contactsStored).toBe(report.existing + report.import.counts.created);
      expect(report.revert.invocations).toBeGreaterThan(1);
      expect(report.revert.countsExact).toBe(true);
      expect(report.revert.contactsAfter).toBe(report.existing);
    },
    RUN_TIMEOUT_MS + 5_000,
  );
});
