// `npm run bench`: measures the importer against its limits on this machine (docs/PERFORMANCE.md).
// Phases, on one DynamoDB Local and one S3 emulator: csv-parse alone, the engine in dry run, a real import
// through the local stack (S3 event → import handler → DynamoDB), and plain BatchWriteItem of the same items.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Parser } from 'csv-parse';
import { type LocalStack, startLocalStack } from '../local/stack.js';
import { tableDefinition } from '../shared/adapters/dynamodb/table-design.js';
import { fileByteSource } from '../shared/csv/file-byte-source.js';
import { newImportId } from '../shared/ids.js';
import { createImport } from '../shared/import/create-import.js';
import { processImport } from '../shared/import/process-import.js';
import { DEFAULT_MIX, generateFiles, parseMix } from './bench/generate-contacts.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    mix: { type: 'string' },
    json: { type: 'boolean', default: false },
    phases: { type: 'string', default: 'parse,dry-run,import,write-limit' },
  },
});
const rows = Number(args.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows takes a positive whole number');
const mix = args.mix ? parseMix(args.mix) : DEFAULT_MIX;
const phases = new Set(args.phases.split(','));
const say = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

/** Counts DynamoDB requests and the capacity they consumed, as an SDK middleware on the client. */
const meter = (client: DynamoDBDocumentClient) => {
  const stats = { requests: 0, read: 0, write: 0, byCommand: {} as Record<string, number> };
  client.middlewareStack.add(
    (next, context) => async (callArgs) => {
      const input = callArgs.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      stats.requests++;
      const name = context.commandName ?? 'unknown';
      stats.byCommand[name] = (stats.byCommand[name] ?? 0) + 1;
      const result = await next(callArgs);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const c = entry as {
          ReadCapacityUnits?: number;
          WriteCapacityUnits?: number;
          CapacityUnits?: number;
        };
        if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
          stats.read += c.ReadCapacityUnits ?? 0;
          stats.write += c.WriteCapacityUnits ?? 0;
        } else if (
          name.startsWith('BatchGet') ||
          name.startsWith('Get') ||
          name.startsWith('Query') ||
          name.startsWith('Scan')
        ) {
          stats.read += c.CapacityUnits ?? 0;
        } else {
          stats.write += c.CapacityUnits ?? 0;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'benchMeter' },
  );
  return {
    snapshot: () => ({ ...stats, byCommand: { ...stats.byCommand } }),
    since: (before: typeof stats) => ({
      requests: stats.requests - before.requests,
      read: stats.read - before.read,
      write: stats.write - before.write,
      byCommand: Object.fromEntries(
        Object.entries(stats.byCommand)
          .map(([k, v]) => [k, v - (before.byCommand[k] ?? 0)])
          .filter(([, v]) => Number(v) > 0),
      ),
    }),
  };
};

/** Samples this process's RSS while `work` runs: the peak, in MB. */
const withPeakRss = async <T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number; seconds: number }> => {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakMb: peak / 1024 / 1024, seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
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

const main = async () => {
  const dir = join(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  const paths = { existing: join(dir, `existing-${rows}.csv`), file: join(dir, `contacts-${rows}.csv`) };
  say(`generating ${rows} rows (mix ${JSON.stringify(mix)}) …`);
  const { existing } = await generateFiles(paths, rows, mix);
  const fileBytes = (await fileByteSource(paths.file)).size;
  const stack = await startLocalStack({ quiet: true });
  const metered = meter(stack.documentClient);
  const report: Record<string, unknown> = { rows, bytes: fileBytes, mix, existing, node: process.version };
  try {
    if (phases.has('parse')) {
      const { result, seconds, peakMb } = await withPeakRss(() => parseOnly(paths.file));
      report.parse = { rows: result, seconds, rowsPerSecond: result / seconds, peakRssMb: peakMb };
      say(`1. csv-parse alone: ${Math.round(result / seconds)} rows/s`);
    }
    const workspaceId = 'bench';
    say(`seeding ${existing} existing contacts …`);
    await seedExisting(stack, workspaceId, paths.existing);

    if (phases.has('dry-run')) {
      const importId = newImportId();
      const objectKey = `seed/${workspaceId}/${importId}.csv`;
      await createImport(
        stack.engine,
        { workspaceId, importId, source: 'cli', fileName: 'dry.csv', objectKey, options: { dryRun: true } },
        [],
      );
      const before = metered.snapshot();
      const { seconds, peakMb } = await withPeakRss(async () =>
        processImport(stack.engine, {
          workspaceId,
          importId,
          runId: 'dry',
          source: await fileByteSource(paths.file),
          leaseMs: 3_600_000,
        }),
      );
      const requests = metered.since(before);
      const { progress } = await summaryOf(stack, workspaceId, importId);
      report.dryRun = {
        seconds,
        rowsPerSecond: rows / seconds,
        peakRssMb: peakMb,
        counts: progress.counts,
        requestsPer1000Rows: (requests.requests * 1000) / rows,
      };
      say(
        `2. engine dry run: ${Math.round(rows / seconds)} rows/s, peak RSS ${peakMb.toFixed(0)} MB, counts ${JSON.stringify(progress.counts)}`,
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
      const before = metered.snapshot();
      const { seconds, peakMb } = await withPeakRss(async () => {
        // The object-created event starts the import function, as in AWS.
        await stack.s3.send(
          new PutObjectCommand({ Bucket: stack.bucket, Key: objectKey, Body: readFileSync(paths.file) }),
        );
        await stack.idle();
      });
      const requests = metered.since(before);
      const { progress, record } = await summaryOf(stack, workspaceId, importId);
      if (record.status !== 'completed') throw new Error(`the import ended ${record.status}`);
      report.import = {
        seconds,
        rowsPerSecond: rows / seconds,
        peakRssMb: peakMb,
        counts: progress.counts,
        requestsPer1000Rows: (requests.requests * 1000) / rows,
        readUnitsPerRow: requests.read / rows,
        writeUnitsPerRow: requests.write / rows,
        requestsByCommand: requests.byCommand,
      };
      say(
        `3. real import: ${Math.round(rows / seconds)} rows/s, ${((requests.requests * 1000) / rows).toFixed(1)} requests/1,000 rows, ` +
          `${(requests.read / rows).toFixed(2)} RCU and ${(requests.write / rows).toFixed(2)} WCU per row, counts ${JSON.stringify(progress.counts)}`,
      );
    }

    if (phases.has('write-limit')) {
      // The items the import left in the workspace, written again with plain BatchWriteItem, one request at a time
      // (the engine's transactions run one at a time too).
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
      const copyTable = 'bench-write-limit';
      const raw = new DynamoDBClient({
        endpoint: stack.dynamoEndpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      await raw.send(new CreateTableCommand(tableDefinition(copyTable)));
      const before = metered.snapshot();
      const { seconds } = await withPeakRss(async () => {
        for (let i = 0; i < items.length; i += 25) {
          let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const response = await stack.documentClient.send(
              new BatchWriteCommand({ RequestItems: { [copyTable]: pending } }),
            );
            pending = (response.UnprocessedItems?.[copyTable] as typeof pending | undefined) ?? [];
          }
        }
      });
      const requests = metered.since(before);
      raw.destroy();
      report.writeLimit = {
        items: items.length,
        seconds,
        rowsPerSecond: rows / seconds,
        requestsPer1000Rows: (requests.requests * 1000) / rows,
      };
      say(
        `4. write limit (BatchWriteItem of the ${items.length} items): ${Math.round(rows / seconds)} rows/s`,
      );
    }

    const ratio = (a?: unknown, b?: unknown) => {
      const x = (a as { rowsPerSecond?: number } | undefined)?.rowsPerSecond;
      const y = (b as { rowsPerSecond?: number } | undefined)?.rowsPerSecond;
      return x && y ? x / y : undefined;
    };
    report.ratios = {
      dryRunToParse: ratio(report.dryRun, report.parse),
      importToWriteLimit: ratio(report.import, report.writeLimit),
    };
    say(`ratios: dry run / csv-parse ${JSON.stringify(report.ratios)}`);
    report.peakRssMbProcess = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify(report, null, args.json ? 0 : 2)}\n`);
  } finally {
    await stack.stop();
  }
};

await main();
