// DynamoDB adapter of the ImportStore port: the record, the hot progress item, the error sample, and the commit
// lanes' receipts a reader adds to the progress (the lanes go when the import ends).

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ImportError } from '../../errors.js';
import type { ImportProgress, ImportRecord, SummaryError } from '../../import/import-record.js';
import { initialProgress } from '../../import/import-record.js';
import { withCommitted } from '../../import/unit-receipt.js';
import type { ImportPage, ImportStore, StoredImport } from '../../ports/import-store.js';
import { batchGetItems } from './batch-get.js';
import { toLane } from './dynamodb-commit-lanes.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';
import { keys } from './table-design.js';

const RECORD_FIELDS = [
  'workspaceId',
  'importId',
  'source',
  'fileName',
  'objectKey',
  'options',
  'optionSources',
  'warnings',
  'status',
  'createdAt',
  'startedAt',
  'finishedAt',
  'bytesTotal',
  'layout',
  'failure',
  'reportKey',
  'uploadExpiresAt',
  'announcedAt',
] as const;

const toRecord = (item: Record<string, unknown>): ImportRecord => {
  const record: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS) if (item[field] !== undefined) record[field] = item[field];
  return record as unknown as ImportRecord;
};

/** A transaction may hold its items and a few more: what it takes beside the record and the progress item. */
const LANES_IN_FINISH = 98;

const isLane = (item: Record<string, unknown>) => String(item.sk).startsWith(keys.importLanePrefix);

/** The progress, error sample and lanes among items of an import's partition. */
const partitionOf = (items: Record<string, unknown>[], progressSk: string, errorsSk: string) => ({
  progress: toProgress(items.find((item) => item.sk === progressSk)),
  errors: (items.find((item) => item.sk === errorsSk)?.errors as SummaryError[] | undefined) ?? [],
  lanes: items.filter(isLane).map(toLane),
});

const toProgress = (item: Record<string, unknown> | undefined): ImportProgress => {
  if (!item) return initialProgress();
  const progress: ImportProgress = {
    row: item.row as number,
    offset: item.offset as number,
    counts: item.counts as ImportProgress['counts'],
    skippedBy: (item.skippedBy as ImportProgress['skippedBy']) ?? {},
    errorsKept: (item.errorsKept as number) ?? 0,
    segment: (item.segment as number) ?? 0,
  };
  if (item.noted !== undefined) progress.noted = item.noted as ImportProgress['noted'];
  if (item.cellErrors !== undefined) progress.cellErrors = item.cellErrors as ImportProgress['cellErrors'];
  if (item.erroredBy !== undefined) progress.erroredBy = item.erroredBy as ImportProgress['erroredBy'];
  if (typeof item.cancelRequestedAt === 'string') progress.cancelRequestedAt = item.cancelRequestedAt;
  if (typeof item.runId === 'string') progress.runId = item.runId;
  if (typeof item.leaseUntil === 'number') progress.leaseUntil = item.leaseUntil;
  return progress;
};

export class DynamoDbImportStore implements ImportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createImport(record: ImportRecord): Promise<void> {
    const { workspaceId, importId } = record;
    const progress = initialProgress();
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.importRecord(workspaceId, importId), ...record },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.importProgress(workspaceId, importId), ...progress },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  async getImport(workspaceId: string, importId: string): Promise<StoredImport | undefined> {
    const recordKey = keys.importRecord(workspaceId, importId);
    const progressKey = keys.importProgress(workspaceId, importId);
    const errorsKey = keys.importErrors(workspaceId, importId);
    const items = await batchGetItems(this.client, this.tableName, [recordKey, progressKey, errorsKey]);
    const find = (key: { pk: string; sk: string }) =>
      items.find((item) => item.pk === key.pk && item.sk === key.sk);
    const recordItem = find(recordKey);
    if (!recordItem) return undefined;
    return {
      record: toRecord(recordItem),
      progress: toProgress(find(progressKey)),
      errors: (find(errorsKey)?.errors as SummaryError[] | undefined) ?? [],
    };
  }

  async getLiveImport(workspaceId: string, importId: string): Promise<StoredImport | undefined> {
    const { pk, sk: progressSk } = keys.importProgress(workspaceId, importId);
    const errorsSk = keys.importErrors(workspaceId, importId).sk;
    const [recordItem, items] = await Promise.all([
      this.client
        .send(
          new GetCommand({
            TableName: this.tableName,
            Key: keys.importRecord(workspaceId, importId),
            ConsistentRead: true,
          }),
        )
        .then((response) => response.Item),
      // The error sample (`E`), the lanes (`L#k`) and the progress item (`P`): one Query of the import's partition.
      this.queryPartition(pk, 'sk BETWEEN :from AND :to', { ':from': errorsSk, ':to': progressSk }),
    ]);
    if (!recordItem) return undefined;
    let parts = partitionOf(items, progressSk, errorsSk);
    // One Query is not a snapshot: a lane already in a later batch was read after a fold this progress item
    // predates. Then the lanes are read first and the progress item after them, so that no receipt is missed.
    if (parts.lanes.some((lane) => lane.batch > parts.progress.row)) {
      const lanes = await this.queryPartition(pk, 'begins_with(sk, :from)', {
        ':from': keys.importLanePrefix,
      });
      const rest = await batchGetItems(this.client, this.tableName, [
        { pk, sk: errorsSk },
        { pk, sk: progressSk },
      ]);
      parts = partitionOf([...lanes, ...rest], progressSk, errorsSk);
    }
    const live = withCommitted(parts.progress, parts.errors, parts.lanes);
    return { record: toRecord(recordItem), progress: live.progress, errors: live.errors };
  }

  /** Items of the import's partition whose sort key meets `range`, strongly consistent. */
  private async queryPartition(
    pk: string,
    range: string,
    values: Record<string, string>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const response = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `pk = :pk AND ${range}`,
          ExpressionAttributeValues: { ':pk': pk, ...values },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(response.Items ?? []));
      start = response.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async listImports(workspaceId: string, page: { limit: number; cursor?: string }): Promise<ImportPage> {
    const response = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.importRecord(workspaceId, '').pk,
          ':prefix': keys.importPrefix,
        },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor
          ? {
              ExclusiveStartKey: decodeCursor(page.cursor, {
                pk: keys.importRecord(workspaceId, '').pk,
                skPrefix: keys.importPrefix,
              }),
            }
          : {}),
      }),
    );
    const records = (response.Items ?? []).map(toRecord);
    const progressItems = await batchGetItems(
      this.client,
      this.tableName,
      records.map((record) => keys.importProgress(workspaceId, record.importId)),
    );
    const progressByPk = new Map(progressItems.map((item) => [item.pk as string, item]));
    const cursor = encodeCursor(response.LastEvaluatedKey);
    return {
      imports: records.map((record) => ({
        record,
        progress: toProgress(progressByPk.get(keys.importProgress(workspaceId, record.importId).pk)),
        errors: [],
      })),
      ...(cursor ? { cursor } : {}),
    };
  }

  async claimImport(
    workspaceId: string,
    importId: string,
    claim: { runId: string; leaseUntil: number; now: number },
  ): Promise<ImportProgress | undefined> {
    try {
      const response = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.importProgress(workspaceId, importId),
          UpdateExpression: 'SET runId = :runId, leaseUntil = :leaseUntil',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(done) AND (attribute_not_exists(runId) OR runId = :runId OR leaseUntil < :now)',
          ExpressionAttributeValues: {
            ':runId': claim.runId,
            ':leaseUntil': claim.leaseUntil,
            ':now': claim.now,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toProgress(response.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async startImport(
    workspaceId: string,
    importId: string,
    start: {
      layout: ImportRecord['layout'];
      bytesTotal: number;
      startedAt: string;
      options?: ImportRecord['options'];
    },
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.importRecord(workspaceId, importId),
        UpdateExpression: `SET #status = :running, layout = :layout, bytesTotal = :bytesTotal, startedAt = :startedAt${start.options ? ', options = :options' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':running': 'running',
          ':layout': start.layout,
          ':bytesTotal': start.bytesTotal,
          ':startedAt': start.startedAt,
          ...(start.options ? { ':options': start.options } : {}),
        },
      }),
    );
  }

  async recordFailedAttempt(workspaceId: string, importId: string): Promise<number> {
    const key = keys.importProgress(workspaceId, importId);
    // `failedRow` is the checkpoint the count is for: another error there adds one, one at a later checkpoint starts again.
    const update = async (again: boolean) => {
      const response = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: again
            ? 'SET failedAttempts = failedAttempts + :one'
            : 'SET failedAttempts = :one, failedRow = #row',
          ConditionExpression: again
            ? 'attribute_exists(pk) AND failedRow = #row'
            : 'attribute_exists(pk) AND (attribute_not_exists(failedRow) OR failedRow <> #row)',
          ExpressionAttributeNames: { '#row': 'row' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(response.Attributes?.failedAttempts ?? 1);
    };
    for (let round = 0; round < 4; round++) {
      try {
        return await update(round % 2 === 0);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return 1;
  }

  async cancelImport(
    workspaceId: string,
    importId: string,
    at: string,
  ): Promise<'cancelled' | 'cancelling' | 'ended' | undefined> {
    const progressKey = keys.importProgress(workspaceId, importId);
    // Never claimed: it ends now, and `done` keeps any later claim (a late S3 event, a recovery) from taking it.
    const ended = await this.endUnclaimed(workspaceId, importId, 'cancelled', at, { cancelRequestedAt: at });
    if (ended) return 'cancelled';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: progressKey,
          UpdateExpression: 'SET cancelRequestedAt = if_not_exists(cancelRequestedAt, :at)',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(done)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return 'cancelling';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    return (await this.getImport(workspaceId, importId)) ? 'ended' : undefined;
  }

  async expireUpload(workspaceId: string, importId: string, at: string): Promise<boolean> {
    if (await this.endUnclaimed(workspaceId, importId, 'expired', at, {})) return true;
    return (await this.getImport(workspaceId, importId))?.record.status === 'expired';
  }

  /** Ends a pending import that no run has claimed, in one transaction with its progress item; false otherwise. */
  private async endUnclaimed(
    workspaceId: string,
    importId: string,
    status: 'cancelled' | 'expired',
    at: string,
    progressSets: Record<string, string>,
  ): Promise<boolean> {
    const extra = Object.keys(progressSets);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.importRecord(workspaceId, importId),
                UpdateExpression: 'SET #status = :status, finishedAt = :at',
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': status, ':at': at, ':pending': 'pending' },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.importProgress(workspaceId, importId),
                UpdateExpression: `SET done = :true${extra.map((name) => `, ${name} = :${name}`).join('')}`,
                ConditionExpression:
                  'attribute_exists(pk) AND attribute_not_exists(runId) AND attribute_not_exists(done)',
                ExpressionAttributeValues: {
                  ':true': true,
                  ...Object.fromEntries(extra.map((name) => [`:${name}`, progressSets[name]])),
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      const refused =
        error instanceof TransactionCanceledException &&
        (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
      if (refused) return false;
      throw error;
    }
  }

  async markAnnounced(workspaceId: string, importId: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.importRecord(workspaceId, importId),
        UpdateExpression: 'SET announcedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async finishImport(
    workspaceId: string,
    importId: string,
    finish: Parameters<ImportStore['finishImport']>[2],
  ): Promise<void> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':status': finish.status, ':finishedAt': finish.finishedAt };
    const sets = ['#status = :status', 'finishedAt = :finishedAt'];
    if (finish.failure) {
      sets.push('failure = :failure');
      values[':failure'] = finish.failure;
    }
    if (finish.reportKey) {
      sets.push('reportKey = :reportKey');
      values[':reportKey'] = finish.reportKey;
    }
    if (finish.bytesTotal !== undefined) {
      sets.push('bytesTotal = :bytesTotal');
      values[':bytesTotal'] = finish.bytesTotal;
    }
    // The lanes go with the end (their condition then fails on a missing item: no transaction of a run commits
    // after it), but for one whose receipts a failed fold left uncounted: a reader still adds those.
    const { pk, sk: progressSk } = keys.importProgress(workspaceId, importId);
    const partition = partitionOf(
      await this.queryPartition(pk, 'sk BETWEEN :from AND :to', {
        ':from': keys.importLanePrefix,
        ':to': progressSk,
      }),
      progressSk,
      '',
    );
    const ended = partition.lanes
      .filter((lane) => lane.batch !== partition.progress.row || lane.units.length === 0)
      .map((lane) => keys.importLane(workspaceId, importId, lane.lane));
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.importRecord(workspaceId, importId),
                UpdateExpression: `SET ${sets.join(', ')}`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.importProgress(workspaceId, importId),
                UpdateExpression: 'SET done = :true',
                ConditionExpression: 'runId = :runId AND attribute_not_exists(done)',
                ExpressionAttributeValues: { ':runId': finish.runId, ':true': true },
              },
            },
            ...ended.slice(0, LANES_IN_FINISH).map((Key) => ({ Delete: { TableName: this.tableName, Key } })),
          ],
        }),
      );
      // More lanes than one transaction holds: the rest are no run's once the import is done.
      for (const Key of ended.slice(LANES_IN_FINISH)) {
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key }));
      }
    } catch (error) {
      // Only the progress condition failing means another run holds the import (or it has finished); a
      // cancellation for another reason (TransactionConflict) is transient, for the invocation to retry.
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new ImportError('lease_lost', 'another run holds this import', {}, { cause: error });
      }
      throw error;
    }
  }
}
