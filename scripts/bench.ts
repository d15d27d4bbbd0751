// `npm run bench`: measures the importer against its limits on this machine (docs/PERFORMANCE.md).
// Phases, on one DynamoDB Local and one S3 emulator: csv-parse alone, the engine in dry run, a real import
// through the local stack (S3 event → import handler → DynamoDB), and plain BatchWriteItem of the same items.
// The dry run runs in a child process of its own (scripts/bench/dry-run-child.ts), as the Lambda would.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { paginateQuery, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Parser } from 'csv-parse';
import { type LocalStack, startLocalStack } from '../local/stack.js';
import { keys } from '../shared/adapters/dynamodb/table-design.js';
import { fileByteSource } from '../shared/csv/file-byte-source.js';
import { newImportId } from '../shared/ids.js';
import { createImport } from '../shared/import/create-import.js';
import type { ImportCounts } from '../shared/import/import-record.js';
import { processImport } from '../shared/import/process-import.js';
import { DEFAULT_COMMIT_CONCURRENCY } from '../shared/import/run-import.js';
import type { DryRunJob } from './bench/dry-run-job.js';
import { dryRunWithoutStorage } from './bench/engine-only.js';
import { DEFAULT_MIX, generateFiles, parseMix } from './bench/generate-contacts.js';
import { meter } from './bench/meter-requests.js';
import { withPeakRss } from './bench/peak-rss.js';
import { type ImportProfile, profileRequests } from './bench/profile-requests.js';
import { revertImport } from './bench/revert-import.js';
import { parseNodeOptions, runDryRunChild } from './bench/run-dry-run-child.js';
import { measureSharedPhone } from './bench/shared-phone.js';
import { IN_FLIGHT, measureWriteLimit, REQUEST_ITEMS, TRANSACTION_ITEMS } from './bench/write-limit.js';
import { measureWriteUnits } from './bench/write-units-phase.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    mix: { type: 'string' },
    json: { type: 'boolean', default: false },
    phases: { type: 'string', default: 'parse,dry-run,engine,import,write-limit,units,shared-phone,revert' },
    /** Rows of each import of the `units` phase (new contacts, then updates of them by email). */
    'unit-rows': { type: 'string' },
    /** Rows of each import of the `shared-phone` phase (one phone for all, then a phone each). */
    'phone-rows': { type: 'string' },
    /** The time each import-function invocation gets; small values force the import through continuations. */
    'invocation-seconds': { type: 'string' },
    /** Rows per engine batch, in the import function and the dry run (the engine's default otherwise). */
    'batch-rows': { type: 'string' },
    /** Node flags for the dry-run child, after `=` as they start with a dash: `=--max-old-space-size=200`. */
    'dry-run-node-options': { type: 'string', default: '' },
    /** `xlsx`: the same rows as a workbook LibreOffice writes (SPEC §12), through the same phases. */
    format: { type: 'string', default: 'csv' },
    /**
     * Commit lanes (issue 13): this many transactions of one import in flight, in every import the bench runs,
     * instead of the engine's DEFAULT_COMMIT_CONCURRENCY (1: one at a time).
     */
    'commit-concurrency': { type: 'string' },
    /** Times every request of the `import` phase by kind (scripts/bench/profile-requests.ts): where its time goes. */
    profile: { type: 'boolean', default: false },
  },
});
if (args.format !== 'csv' && args.format !== 'xlsx') throw new Error('--format takes csv or xlsx');
const rows = Number(args.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows takes a positive whole number');
const mix = args.mix ? parseMix(args.mix) : DEFAULT_MIX;
const phases = new Set(args.phases.split(','));
const invocationSeconds =
  args['invocation-seconds'] === undefined ? undefined : Number(args['invocation-seconds']);
if (invocationSeconds !== undefined && !(Number.isFinite(invocationSeconds) && invocationSeconds > 0)) {
  throw new Error('--invocation-seconds takes a positive number');
}
const batchRows = args['batch-rows'] === undefined ? undefined : Number(args['batch-rows']);
const commitConcurrency =
  args['commit-concurrency'] === undefined ? undefined : Number(args['commit-concurrency']);
if (commitConcurrency !== undefined && (!Number.isInteger(commitConcurrency) || commitConcurrency < 1)) {
  throw new Error('--commit-concurrency takes a positive whole number');
}
if (batchRows !== undefined && !(Number.isInteger(batchRows) && batchRows > 0)) {
  throw new Error('--batch-rows takes a positive whole number');
}
const sizeOf = (name: string, value: string | undefined, fallback: number) => {
  const size = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(size) || size < 1) throw new Error(`--${name} takes a positive whole number`);
  return size;
};
/** 1,000 rows measure units to the hundredth; 12,000 rows sharing a phone is what issue 13 tried. */
const unitRows = sizeOf('unit-rows', args['unit-rows'], Math.min(1000, rows));
const phoneRows = sizeOf('phone-rows', args['phone-rows'], Math.min(12_000, rows));
const dryRunNodeFlags = parseNodeOptions(args['dry-run-node-options']);
/** Lambda's longest invocation, which the local stack gives each invocation unless told otherwise. */
const LAMBDA_MAX_SECONDS = 15 * 60;
const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

const parseOnly = async (path: string) => {
  const source = await fileByteSource(path);
  let records = 0;
  const parser = new Parser({ relax_column_count: true, relax_quotes: true });
  parser.on('readable', () => {
    while (parser.read() !== null) records++;
  });
  const done = new Promise((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  for await (const chunk of await source.open(0)) {
    if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
  }
  parser.end();
  await done;
  return records - 1;
};

const seedExisting = async (stack: LocalStack, workspaceId: string, path: string) => {
  const importId = newImportId();
  const objectKey = `seed/${workspaceId}/${importId}.csv`;
  await stack.s3.send(
    new PutObjectCommand({ Bucket: stack.bucket, Key: objectKey, Body: readFileSync(path) }),
  );
  await createImport(
    stack.engine,
    { workspaceId, importId, source: 'cli', fileName: 'seed.csv', objectKey, options: {} },
    [],
  );
  const result = await processImport(stack.engine, {
    workspaceId,
    importId,
    runId: 'seed',
    source: await fileByteSource(path),
    leaseMs: 3_600_000,
  });
  if (result.status !== 'completed') throw new Error(`seeding ended ${result.status}`);
};

const summaryOf = async (stack: LocalStack, workspaceId: string, importId: string) => {
  const stored = await stack.engine.imports.getImport(workspaceId, importId);
  if (!stored) throw new Error('import vanished');
  return stored;
};

/**
 * The workspace's contacts: a COUNT Query of each contact shard's `C#` sort keys, strongly consistent. (A Scan of the
 * whole table did this before; at a million rows DynamoDB Local answered it `InternalFailure` twice, after the import.)
 */
const countContacts = async (stack: LocalStack, workspaceId: string): Promise<number> => {
  let count = 0;
  for (const partition of keys.contactPartitions(workspaceId)) {
    for await (const page of paginateQuery(
      { client: stack.documentClient },
      {
        TableName: stack.tableName,
        Select: 'COUNT',
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contact)',
        ExpressionAttributeValues: { ':pk': partition, ':contact': keys.contactPrefix },
      },
    )) {
      count += page.Count ?? 0;
    }
  }
  return count;
};

const differingCounts = (a: ImportCounts, b: ImportCounts): string[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (key) => a[key as keyof ImportCounts] !== b[key as keyof ImportCounts],
  );

/** Where the dry-run child finds the stack's table and bucket, with the credentials of the stack's clients. */
const connectionOf = async (stack: LocalStack) => {
  const credentialsOf = async (provider: typeof stack.s3.config.credentials) => {
    const { accessKeyId, secretAccessKey, sessionToken } = await provider();
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  };
  return {
    region: await stack.documentClient.config.region(),
    dynamoEndpoint: stack.dynamoEndpoint,
    s3Endpoint: stack.s3Endpoint,
    dynamoCredentials: await credentialsOf(stack.documentClient.config.credentials),
    s3Credentials: await credentialsOf(stack.s3.config.credentials),
    tableName: stack.tableName,
    bucket: stack.bucket,
    maxBytes: stack.engine.maxBytes,
  } satisfies Partial<DryRunJob>;
};

/** The CSV's rows as an .xlsx workbook written by LibreOffice (needs `soffice`: apt-get install libreoffice-calc-nogui). */
const toWorkbook = (csv: string, dir: string): string => {
  const xlsx = csv.replace(/\.csv$/, '.xlsx');
  if (existsSync(xlsx)) return xlsx;
  say(`converting ${csv} to a workbook with LibreOffice …`);
  try {
    execFileSync(
      'soffice',
      ['--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', dir, csv],
      {
        stdio: 'ignore',
      },
    );
  } catch (error) {
    throw new Error(
      `--format xlsx converts the rows with LibreOffice (soffice), which failed: ${(error as Error).message}`,
    );
  }
  return xlsx;
};

/** The import's profile in one line per figure (`--profile`). */
const describeProfile = (p: ImportProfile): string => {
  const kinds = Object.entries(p.byKind)
    .map(
      ([kind, f]) =>
        `${kind} ${f.requests} requests, ${f.sumSeconds.toFixed(1)} s summed, ${f.wallSeconds.toFixed(1)} s wall`,
    )
    .join('; ');
  return (
    `   profile of ${p.seconds.toFixed(1)} s: ${kinds}; nothing in flight (engine CPU) ${p.nothingInFlightSeconds.toFixed(1)} s; ` +
    `transactions in flight ${p.transactionsWallSeconds.toFixed(1)} s, all lanes busy ${p.allLanesBusySeconds.toFixed(1)} s, ` +
    `lanes idle ${(p.laneIdleShare * 100).toFixed(0)} % while any is busy; ${p.meanActionsPerTransaction.toFixed(1)} actions a ` +
    `transaction, ${p.transactionsPerBatch.toFixed(1)} transactions a batch over ${p.batches} batches`
  );
};

const main = async () => {
  const dir = join(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  // Named by size and mix, so that runs of different mixes never write each other's files.
  const tag = `${rows}-${Object.values(mix)
    .map((share) => Math.round(share * 100))
    .join('-')}`;
  const paths = { existing: join(dir, `existing-${tag}.csv`), file: join(dir, `contacts-${tag}.csv`) };
  say(`generating ${rows} rows (mix ${JSON.stringify(mix)}) …`);
  const { existing } = await generateFiles(paths, rows, mix);
  // csv-parse alone (phase 1) reads the CSV whatever the format: the baseline both formats are compared with.
  const csvPath = paths.file;
  if (args.format === 'xlsx') paths.file = toWorkbook(paths.file, dir);
  const fileBytes = (await fileByteSource(paths.file)).size;
  const stack = await startLocalStack({
    quiet: true,
    // The revert is started as a person would: POST /imports/{id}/revert.
    ...(phases.has('revert') ? { port: 0 } : {}),
    ...(invocationSeconds !== undefined ? { invocationMs: Math.round(invocationSeconds * 1000) } : {}),
    ...(batchRows !== undefined ? { batchRows } : {}),
  });
  if (commitConcurrency !== undefined) stack.engine.commitConcurrency = commitConcurrency;
  const metered = meter(stack.documentClient);
  const profiler = args.profile ? profileRequests(stack.documentClient, stack.s3) : undefined;
  const report: Record<string, unknown> = {
    rows,
    format: args.format,
    bytes: fileBytes,
    mix,
    existing,
    node: process.version,
    pid: process.pid,
    commitConcurrency: commitConcurrency ?? DEFAULT_COMMIT_CONCURRENCY,
  };
  try {
    if (phases.has('parse')) {
      const { result, seconds, peakMb } = await withPeakRss(() => parseOnly(csvPath));
      report.parse = { rows: result, seconds, rowsPerSecond: result / seconds, peakRssMb: peakMb };
      say(`1. csv-parse alone: ${Math.round(result / seconds)} rows/s`);
    }
    const workspaceId = 'bench';
    let dryRunCounts: ImportCounts | undefined;
    /** What the real import wrote: the write limit writes as many items; the revert undoes that import. */
    let importedItems: number | undefined;
    let importId3: string | undefined;
    // The phases on the generated file need its stored contacts; `units` and `shared-phone` bring their own.
    if (['dry-run', 'import', 'write-limit', 'revert'].some((phase) => phases.has(phase))) {
      say(`seeding ${existing} existing contacts …`);
      await seedExisting(stack, workspaceId, paths.existing);
    }

    if (phases.has('dry-run')) {
      const importId = newImportId();
      const objectKey = `seed/${workspaceId}/${importId}.csv`;
      await createImport(
        stack.engine,
        { workspaceId, importId, source: 'cli', fileName: 'dry.csv', objectKey, options: { dryRun: true } },
        [],
      );
      const child = await runDryRunChild(
        {
          ...(await connectionOf(stack)),
          workspaceId,
          importId,
          path: paths.file,
          rows,
          ...(batchRows !== undefined ? { batchRows } : {}),
        },
        dryRunNodeFlags,
      );
      if (child.status !== 'completed') throw new Error(`the dry run ended ${child.status}`);
      const { seconds, requests } = child;
      const peakRssMb = Math.max(child.sampledPeakRssMb, child.maxRssMb);
      const { progress } = await summaryOf(stack, workspaceId, importId);
      dryRunCounts = progress.counts;
      report.dryRun = {
        pid: child.pid,
        seconds,
        rowsPerSecond: rows / seconds,
        nodeFlags: dryRunNodeFlags,
        peakRssMb,
        baselineRssMb: child.baselineRssMb,
        sampledPeakRssMb: child.sampledPeakRssMb,
        maxRssMb: child.maxRssMb,
        heapUsedAfterGcMb: child.heapUsedAfterGcMb,
        liveHeapMaxMb: child.liveHeapMaxMb,
        counts: progress.counts,
        requestsPer1000Rows: (requests.requests * 1000) / rows,
        requestsByCommand: requests.byCommand,
      };
      const liveHeap = child.liveHeapMaxMb;
      say(
        `2. engine dry run (child process): ${Math.round(rows / seconds)} rows/s, peak RSS ${peakRssMb.toFixed(0)} MB ` +
          `(${child.baselineRssMb.toFixed(0)} MB before the run), heap after GC ` +
          `${liveHeap !== undefined ? `${liveHeap.toFixed(0)} MB at most during the run, ` : ''}` +
          `${child.heapUsedAfterGcMb.toFixed(0)} MB at the end, ` +
          `${((requests.requests * 1000) / rows).toFixed(1)} requests/1,000 rows, counts ${JSON.stringify(progress.counts)}`,
      );
    }

    if (phases.has('engine')) {
      // The same dry run with storage that answers at once: the engine's own CPU ceiling on this machine.
      const { result, peakMb } = await withPeakRss(() => dryRunWithoutStorage(paths.file));
      report.engine = {
        seconds: result.seconds,
        rowsPerSecond: rows / result.seconds,
        microsecondsPerRow: (result.seconds * 1e6) / rows,
        peakRssMb: peakMb,
      };
      say(
        `2b. engine alone (dry run, storage answering at once): ${Math.round(rows / result.seconds)} rows/s, ` +
          `${((result.seconds * 1e6) / rows).toFixed(0)} µs a row`,
      );
    }

    if (phases.has('import')) {
      const importId = newImportId();
      const objectKey = `uploads/${workspaceId}/${importId}.csv`;
      await createImport(
        stack.engine,
        { workspaceId, importId, source: 'cli', fileName: 'bench.csv', objectKey, options: {} },
        [],
      );
      const contactsBefore = await countContacts(stack, workspaceId);
      // The events of earlier phases' objects (the seed, the dry run's report) reach the function first.
      await stack.idle();
      const invocationsBefore = stack.invocations();
      const before = metered.snapshot();
      profiler?.start();
      const { seconds, peakMb } = await withPeakRss(async () => {
        // The object-created event starts the import function, as in AWS; a paused run is invoked again.
        await stack.s3.send(
          new PutObjectCommand({ Bucket: stack.bucket, Key: objectKey, Body: readFileSync(paths.file) }),
        );
        await stack.idle();
      });
      const profile = profiler?.stop(commitConcurrency ?? 1);
      const requests = metered.since(before);
      const invocations = stack.invocations() - invocationsBefore;
      const { progress, record } = await summaryOf(stack, workspaceId, importId);
      if (record.status !== 'completed') {
        throw new Error(`the import ended ${record.status} after ${invocations} invocations`);
      }
      const { counts } = progress;
      if (dryRunCounts) {
        const differing = differingCounts(counts, dryRunCounts);
        if (differing.length > 0) {
          throw new Error(
            `counts not exact: the import's ${differing.join(', ')} differ from the dry run's ` +
              `(import ${JSON.stringify(counts)}, dry run ${JSON.stringify(dryRunCounts)})`,
          );
        }
      }
      const contactsStored = await countContacts(stack, workspaceId);
      if (contactsStored !== contactsBefore + counts.created) {
        throw new Error(
          `counts not exact: ${contactsStored} contacts stored in the workspace, but ${contactsBefore} were ` +
            `there before and the import says it created ${counts.created}`,
        );
      }
      const perInvocation = invocationSeconds ?? LAMBDA_MAX_SECONDS;
      report.import = {
        seconds,
        rowsPerSecond: rows / seconds,
        peakRssMb: peakMb,
        invocationSeconds: perInvocation,
        ...(batchRows !== undefined ? { batchRows } : {}),
        invocations,
        counts,
        contactsBefore,
        contactsStored,
        countsExact: true,
        countsCheckedAgainstDryRun: dryRunCounts !== undefined,
        requestsPer1000Rows: (requests.requests * 1000) / rows,
        readUnitsPerRow: requests.read / rows,
        writeUnitsPerRow: requests.write / rows,
        requestsByCommand: requests.byCommand,
        itemsWritten: requests.itemsWritten,
        ...(profile ? { profile } : {}),
      };
      importedItems = requests.itemsWritten;
      importId3 = importId;
      say(
        `3. real import: ${Math.round(rows / seconds)} rows/s over ${invocations} invocation${invocations === 1 ? '' : 's'} ` +
          `of ${perInvocation} s, counts exact (${dryRunCounts ? "the dry run's, " : ''}${contactsStored} contacts stored = ` +
          `${contactsBefore} before + ${counts.created} created), ${((requests.requests * 1000) / rows).toFixed(1)} requests/1,000 rows, ` +
          `${(requests.read / rows).toFixed(2)} RCU and ${(requests.write / rows).toFixed(2)} WCU per row, counts ${JSON.stringify(counts)}`,
      );
      if (profile) say(describeProfile(profile));
    }

    if (phases.has('write-limit')) {
      // The items the import left in the workspace (contacts, guards, phone sets), written again with plain
      // BatchWriteItem: as many as the import wrote, so that its updates count as the overwrites they are.
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await stack.documentClient.send(
          new ScanCommand({
            TableName: stack.tableName,
            ExclusiveStartKey: startKey,
            FilterExpression: 'begins_with(pk, :ws)',
            ExpressionAttributeValues: { ':ws': `W#${workspaceId}` },
          }),
        );
        for (const item of page.Items ?? [])
          if (!String(item.pk).includes('#I#') && !String(item.sk).startsWith('I#')) items.push(item);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      const count = importedItems ?? items.length;
      const connection = {
        endpoint: stack.dynamoEndpoint,
        region: await stack.documentClient.config.region(),
      };
      const { seconds, requests } = await measureWriteLimit(stack.documentClient, connection, items, count);
      /** A transaction limit's figures: the same items as transactions of the importer's size. */
      const transactionFigures = (run: Awaited<ReturnType<typeof measureWriteLimit>>) => ({
        items: count,
        requestItems: TRANSACTION_ITEMS,
        inFlight: IN_FLIGHT,
        seconds: run.seconds,
        rowsPerSecond: rows / run.seconds,
        itemsPerSecond: count / run.seconds,
        requests: run.requests,
        retriedForConflict: run.retried,
      });
      // The same items as transactions of the importer's size: what DynamoDB Local makes a transaction cost.
      const transact = await measureWriteLimit(stack.documentClient, connection, items, count, 'transaction');
      report.transactionLimit = transactionFigures(transact);
      const conditioned = await measureWriteLimit(
        stack.documentClient,
        connection,
        items,
        count,
        'conditioned',
      );
      report.conditionedTransactionLimit = transactionFigures(conditioned);
      report.writeLimit = {
        items: count,
        itemsLeftByTheImport: items.length,
        requestItems: REQUEST_ITEMS,
        inFlight: IN_FLIGHT,
        seconds,
        rowsPerSecond: rows / seconds,
        itemsPerSecond: count / seconds,
        requests,
      };
      say(
        `4. write limit (BatchWriteItem of ${count} items, ${REQUEST_ITEMS} a request, ${IN_FLIGHT} in flight, ` +
          `GSIs on email and phone, keys only): ${Math.round(rows / seconds)} rows/s (${Math.round(count / seconds)} items/s)`,
      );
      say(
        `4b. transaction limit (TransactWriteItems of the same items, ${TRANSACTION_ITEMS} puts a transaction, ` +
          `${IN_FLIGHT} in flight, same table): ${Math.round(rows / transact.seconds)} rows/s ` +
          `(${Math.round(count / transact.seconds)} items/s; ${(seconds / transact.seconds).toFixed(2)}× the write limit)`,
      );
      say(
        `4c. conditioned transaction limit (the same, each put with a condition that holds): ` +
          `${Math.round(rows / conditioned.seconds)} rows/s (${Math.round(count / conditioned.seconds)} items/s; ` +
          `${(seconds / conditioned.seconds).toFixed(2)}× the write limit)`,
      );
    }

    if (phases.has('revert')) {
      const imported = report.import as
        | { seconds: number; counts: ImportCounts; contactsBefore: number }
        | undefined;
      if (!imported || !importId3) throw new Error('the revert phase undoes the import phase: run both');
      const revert = await revertImport(stack, workspaceId, importId3, 120 + imported.seconds * 10);
      const contactsAfter = await countContacts(stack, workspaceId);
      const exact =
        revert.status === 'completed' &&
        revert.counts.deleted === imported.counts.created &&
        revert.counts.kept === 0 &&
        contactsAfter === imported.contactsBefore;
      report.revert = {
        ...revert,
        rowsPerSecond: rows / revert.seconds,
        contactsPerSecond: (revert.counts.contacts ?? 0) / revert.seconds,
        contactsAfter,
        countsExact: exact,
      };
      if (!exact) {
        throw new Error(
          `the revert ended ${revert.status}, counts ${JSON.stringify(revert.counts)}, ${contactsAfter} contacts ` +
            `stored (${imported.contactsBefore} before the import, which created ${imported.counts.created})`,
        );
      }
      say(
        `5. revert of the import: ${Math.round(rows / revert.seconds)} rows/s of the import's file ` +
          `(${Math.round((revert.counts.contacts ?? 0) / revert.seconds)} contacts/s) over ${revert.invocations} ` +
          `invocation${revert.invocations === 1 ? '' : 's'}, counts ${JSON.stringify(revert.counts)}, ` +
          `${contactsAfter} contacts stored = those before the import`,
      );
    }

    if (phases.has('units')) {
      const units = await measureWriteUnits(stack, metered, dir, unitRows);
      report.units = units;
      const line = (what: string, f: typeof units.newContact) =>
        `${what}: ${f.unitsPerRow.toFixed(2)} WRU (table ${JSON.stringify(f.tableUnitsPerRow)}, GSIs ` +
        `${JSON.stringify(f.indexUnitsPerRow)}), ${f.requestsPer1000Rows.toFixed(1)} requests/1,000 rows`;
      say(
        `6. write units, ${unitRows} rows each: ${line('per new contact (email and phone)', units.newContact)}`,
      );
      say(`   ${line('per update by email', units.updateByEmail)}`);
    }

    if (phases.has('shared-phone')) {
      const phone = await measureSharedPhone(stack, dir, phoneRows);
      report.sharedPhone = phone;
      const describe = (run: typeof phone.shared) =>
        run.status === 'completed'
          ? `${Math.round(run.rowsPerSecond)} rows/s, created ${run.counts.created} of ${phoneRows}${run.countsExact ? ' (exact)' : ' (NOT exact)'}`
          : `${run.status.toUpperCase()} after ${run.seconds.toFixed(0)} s at row ${run.row} of ${phoneRows}` +
            `${run.error ? ` (${run.error})` : ''}`;
      say(
        `7. ${phoneRows} rows sharing one phone: ${describe(phone.shared)}; with a phone each: ` +
          `${describe(phone.distinct)}; shared / distinct ${phone.ratio === undefined ? 'none (the shared run did not finish)' : phone.ratio.toFixed(2)}`,
      );
    }

    const ratio = (a?: unknown, b?: unknown) => {
      const x = (a as { rowsPerSecond?: number } | undefined)?.rowsPerSecond;
      const y = (b as { rowsPerSecond?: number } | undefined)?.rowsPerSecond;
      return x && y ? x / y : undefined;
    };
    report.ratios = {
      dryRunToParse: ratio(report.dryRun, report.parse),
      engineToParse: ratio(report.engine, report.parse),
      importToWriteLimit: ratio(report.import, report.writeLimit),
      importToTransactionLimit: ratio(report.import, report.transactionLimit),
      transactionLimitToWriteLimit: ratio(report.transactionLimit, report.writeLimit),
      importToConditionedTransactionLimit: ratio(report.import, report.conditionedTransactionLimit),
      conditionedTransactionLimitToWriteLimit: ratio(report.conditionedTransactionLimit, report.writeLimit),
      revertToImport: ratio(report.revert, report.import),
      sharedPhoneToDistinct: (report.sharedPhone as { ratio?: number } | undefined)?.ratio,
    };
    say(`ratios: ${JSON.stringify(report.ratios)}`);
    report.peakRssMbProcess = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify(report, null, args.json ? 0 : 2)}\n`);
  } finally {
    await stack.stop();
  }
};

await main();
