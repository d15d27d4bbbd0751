// DynamoDB adapter of the RevertStore port: one item per import's revert, beside its progress item.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ImportError } from '../../errors.js';
import type { RevertStore, StartRefusal } from '../../ports/revert-store.js';
import {
  emptyRevertCheckpoint,
  type RevertCheckpoint,
  type RevertFailure,
  type RevertPosition,
  type RevertState,
} from '../../revert/revert-record.js';
import { batchGetItems } from './batch-get.js';
import { keys } from './table-design.js';

const STATE_FIELDS = [
  'status',
  'dryRun',
  'startedAt',
  'finishedAt',
  'runId',
  'leaseUntil',
  'announcedAt',
  'pass',
  'after',
  'counts',
  'keptBy',
  'failure',
  'failedAttempts',
  'failedAt',
] as const;

const toState = (item: Record<string, unknown>): RevertState => {
  const state: Record<string, unknown> = {};
  for (const field of STATE_FIELDS) if (item[field] !== undefined) state[field] = item[field];
  return state as unknown as RevertState;
};

/** The revert's checkpoint, moved in the transaction of the contacts it covers: only by its run, from where it was. */
export const revertCheckpointUpdate = (
  workspaceId: string,
  revert: { importId: string; runId: string; expected: RevertPosition; next: RevertCheckpoint },
) => ({
  Key: keys.importRevert(workspaceId, revert.importId),
  UpdateExpression: 'SET #pass = :pass, #after = :after, #counts = :counts, keptBy = :keptBy',
  ConditionExpression:
    'runId = :runId AND #status = :running AND #pass = :expectedPass AND #after = :expectedAfter',
  ExpressionAttributeNames: { '#pass': 'pass', '#after': 'after', '#counts': 'counts', '#status': 'status' },
  ExpressionAttributeValues: {
    ':pass': revert.next.pass,
    ':after': revert.next.after,
    ':counts': revert.next.counts,
    ':keptBy': revert.next.keptBy,
    ':runId': revert.runId,
    ':running': 'running',
    ':expectedPass': revert.expected.pass,
    ':expectedAfter': revert.expected.after,
  },
});

export class DynamoDbRevertStore implements RevertStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getRevert(workspaceId: string, importId: string): Promise<RevertState | undefined> {
    const response = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.importRevert(workspaceId, importId),
        ConsistentRead: true,
      }),
    );
    return response.Item ? toState(response.Item) : undefined;
  }

  async getReverts(workspaceId: string, importIds: string[]): Promise<Map<string, RevertState>> {
    const byPk = new Map(importIds.map((id) => [keys.importRevert(workspaceId, id).pk, id]));
    const items = await batchGetItems(
      this.client,
      this.tableName,
      importIds.map((id) => keys.importRevert(workspaceId, id)),
    );
    const reverts = new Map<string, RevertState>();
    for (const item of items) {
      const id = byPk.get(item.pk as string);
      if (id !== undefined && item.sk === 'R') reverts.set(id, toState(item));
    }
    return reverts;
  }

  async startRevert(
    workspaceId: string,
    importId: string,
    start: { dryRun: boolean; startedAt: string },
  ): Promise<StartRefusal | undefined> {
    const state: RevertState = { ...emptyRevertCheckpoint(), status: 'running', ...start };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          // Its ids ride along, so that a stack's start-up can find a revert left running (restart recovery).
          Item: { ...keys.importRevert(workspaceId, importId), workspaceId, importId, ...state },
          // None yet, or one that ended and may be followed: a dry run, or a revert that failed.
          ConditionExpression:
            'attribute_not_exists(pk) OR (#status <> :running AND (dryRun = :true OR #status = :failed))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'running', ':true': true, ':failed': 'failed' },
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getRevert(workspaceId, importId);
      return stored?.status === 'running' ? 'revert_running' : 'already_reverted';
    }
  }

  async undoStart(
    workspaceId: string,
    importId: string,
    start: { startedAt: string; previous?: RevertState },
  ): Promise<boolean> {
    const key = keys.importRevert(workspaceId, importId);
    const condition = {
      ConditionExpression: '#status = :running AND startedAt = :startedAt AND attribute_not_exists(runId)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':running': 'running', ':startedAt': start.startedAt },
    };
    try {
      if (start.previous) {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, workspaceId, importId, ...start.previous },
            ...condition,
          }),
        );
      } else {
        await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: key, ...condition }));
      }
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async claimRevert(
    workspaceId: string,
    importId: string,
    claim: { runId: string; leaseUntil: number; now: number },
  ): Promise<RevertState | undefined> {
    try {
      const response = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.importRevert(workspaceId, importId),
          UpdateExpression: 'SET runId = :runId, leaseUntil = :leaseUntil',
          ConditionExpression:
            'attribute_exists(pk) AND #status = :running AND (attribute_not_exists(runId) OR runId = :runId OR leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':runId': claim.runId,
            ':leaseUntil': claim.leaseUntil,
            ':now': claim.now,
            ':running': 'running',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return response.Attributes ? toState(response.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async finishRevert(
    workspaceId: string,
    importId: string,
    finish: { runId: string; status: 'completed' | 'failed'; finishedAt: string; failure?: RevertFailure },
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.importRevert(workspaceId, importId),
          UpdateExpression: `SET #status = :status, finishedAt = :finishedAt${finish.failure ? ', failure = :failure' : ''}`,
          ConditionExpression: 'runId = :runId AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': finish.status,
            ':finishedAt': finish.finishedAt,
            ':runId': finish.runId,
            ':running': 'running',
            ...(finish.failure ? { ':failure': finish.failure } : {}),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ImportError('lease_lost', 'another run holds this revert', {}, { cause: error });
      }
      throw error;
    }
  }

  async recordFailedAttempt(workspaceId: string, importId: string, at: string): Promise<number> {
    // Another error at `at` adds one; one at another checkpoint starts the count again (as the import store's).
    const update = async (again: boolean) => {
      const response = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.importRevert(workspaceId, importId),
          UpdateExpression: again
            ? 'SET failedAttempts = failedAttempts + :one'
            : 'SET failedAttempts = :one, failedAt = :at',
          ConditionExpression: again
            ? 'attribute_exists(pk) AND failedAt = :at'
            : 'attribute_exists(pk) AND (attribute_not_exists(failedAt) OR failedAt <> :at)',
          ExpressionAttributeValues: { ':one': 1, ':at': at },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(response.Attributes?.failedAttempts ?? 1);
    };
    for (let round = 0; ; round++) {
      try {
        return await update(round % 2 === 0);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || round >= 3) throw error;
      }
    }
  }

  async markRevertAnnounced(workspaceId: string, importId: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.importRevert(workspaceId, importId),
        UpdateExpression: 'SET announcedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
