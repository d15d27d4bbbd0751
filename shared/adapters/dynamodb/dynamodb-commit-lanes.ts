// DynamoDB adapter of the CommitLaneStore port: an import's lanes beside its progress item, fenced per run, and the
// fold that moves the progress item over a batch.

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ImportError } from '../../errors.js';
import type { CommitLaneStore, LaneState, UnitReceipt } from '../../ports/commit-lane-store.js';
import { progressUpdate } from './dynamodb-contact-store.js';
import { keys } from './table-design.js';

const leaseLost = (cause?: unknown) =>
  new ImportError('lease_lost', 'another run holds this import', {}, cause ? { cause } : {});

/** A lane item as the engine reads it. */
export const toLane = (item: Record<string, unknown>): LaneState => ({
  lane: Number(String(item.sk).slice(keys.importLanePrefix.length)),
  ...(typeof item.runId === 'string' ? { runId: item.runId } : {}),
  seq: Number(item.seq ?? 0),
  batch: Number(item.batch ?? -1),
  units: (item.units as UnitReceipt[] | undefined) ?? [],
});

export class DynamoDbCommitLaneStore implements CommitLaneStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readLanes(workspaceId: string, importId: string): Promise<LaneState[]> {
    const pk = keys.importProgress(workspaceId, importId).pk;
    const lanes: LaneState[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const response = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.importLanePrefix },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of response.Items ?? []) lanes.push(toLane(item));
      start = response.LastEvaluatedKey;
    } while (start);
    return lanes.sort((a, b) => a.lane - b.lane);
  }

  async takeLanes(workspaceId: string, importId: string, runId: string, count: number): Promise<LaneState[]> {
    const existing = await this.readLanes(workspaceId, importId);
    const lanes = new Set([
      ...existing.map((lane) => lane.lane),
      ...Array.from({ length: count }, (_, k) => k),
    ]);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.tableName,
                Key: keys.importProgress(workspaceId, importId),
                ConditionExpression: 'runId = :runId AND attribute_not_exists(done)',
                ExpressionAttributeValues: { ':runId': runId },
              },
            },
            ...[...lanes].map((lane) => ({
              Update: {
                TableName: this.tableName,
                Key: keys.importLane(workspaceId, importId, lane),
                UpdateExpression:
                  'SET runId = :runId, #seq = if_not_exists(#seq, :zero) + :one, #batch = if_not_exists(#batch, :none), #units = if_not_exists(#units, :empty)',
                ExpressionAttributeNames: { '#seq': 'seq', '#batch': 'batch', '#units': 'units' },
                ExpressionAttributeValues: {
                  ':runId': runId,
                  ':zero': 0,
                  ':one': 1,
                  ':none': -1,
                  ':empty': [],
                },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        throw leaseLost(error);
      }
      throw error;
    }
    return this.readLanes(workspaceId, importId);
  }

  async fenceLane(
    workspaceId: string,
    importId: string,
    fence: { runId: string; lane: number; expectedSeq: number },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.importLane(workspaceId, importId, fence.lane),
          UpdateExpression: 'SET #seq = :next',
          ConditionExpression: 'runId = :runId AND #seq = :seq',
          ExpressionAttributeNames: { '#seq': 'seq' },
          ExpressionAttributeValues: {
            ':runId': fence.runId,
            ':seq': fence.expectedSeq,
            ':next': fence.expectedSeq + 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async foldBatch(
    workspaceId: string,
    importId: string,
    fold: Parameters<CommitLaneStore['foldBatch']>[2],
  ): Promise<{ cancelRequested: boolean }> {
    const { runId, expectedRow, next, errors } = fold;
    // The sample first: a fold lost after it leaves the batch's receipts in the lanes, and the next run merges the
    // two by row, so an error is never kept twice nor lost.
    if (errors) {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.importErrors(workspaceId, importId), errors },
        }),
      );
    }
    const update = progressUpdate(workspaceId, { importId, runId, expectedRow, next });
    try {
      const response = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          ...update,
          // A cancel does not refuse the fold (the batch's transactions are in): the run learns of it here.
          ConditionExpression: '#runId = :runId AND #row = :expectedRow',
          ExpressionAttributeNames: (({ '#cancel': _, ...names }) => names)(update.ExpressionAttributeNames),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { cancelRequested: typeof response.Attributes?.cancelRequestedAt === 'string' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A fold applied whose answer was lost (the SDK retried it) finds the checkpoint it wrote.
      const stored = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.importProgress(workspaceId, importId),
          ConsistentRead: true,
        }),
      );
      const item = stored.Item;
      if (item?.runId === runId && item.row === next.row && item.done === undefined) {
        return { cancelRequested: typeof item.cancelRequestedAt === 'string' };
      }
      throw leaseLost(error);
    }
  }
}
