// DynamoDB adapter of the StalledImports port: a Scan of the import records, the hand-over a conditional update.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportRecord } from '../../import/import-record.js';
import type { RunningRevert, StalledImports, UnfinishedImport } from '../../ports/stalled-imports.js';
import { batchGetItems } from './batch-get.js';
import { keys } from './table-design.js';

export class DynamoDbStalledImports implements StalledImports {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listUnfinished(): Promise<UnfinishedImport[]> {
    // The records carry their workspace and import ids: no key is parsed back.
    const records: Array<Pick<ImportRecord, 'workspaceId' | 'importId' | 'objectKey'>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'begins_with(sk, :prefix) AND #status IN (:pending, :running)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':prefix': keys.importPrefix,
            ':pending': 'pending',
            ':running': 'running',
          },
          ProjectionExpression: 'workspaceId, importId, objectKey',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        records.push(item as Pick<ImportRecord, 'workspaceId' | 'importId' | 'objectKey'>);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const progressItems = await batchGetItems(
      this.client,
      this.tableName,
      records.map((record) => keys.importProgress(record.workspaceId, record.importId)),
    );
    const progressByPk = new Map(progressItems.map((item) => [item.pk as string, item]));
    const unfinished: UnfinishedImport[] = [];
    for (const record of records) {
      const progress = progressByPk.get(keys.importProgress(record.workspaceId, record.importId).pk);
      // Finished between the two reads.
      if (progress?.done) continue;
      unfinished.push({
        workspaceId: record.workspaceId,
        importId: record.importId,
        objectKey: record.objectKey,
        ...(typeof progress?.runId === 'string' ? { runId: progress.runId } : {}),
        ...(typeof progress?.leaseUntil === 'number' ? { leaseUntil: progress.leaseUntil } : {}),
      });
    }
    return unfinished;
  }

  async takeOver(
    workspaceId: string,
    importId: string,
    handover: { fromRunId: string; runId: string; leaseUntil: number },
  ): Promise<boolean> {
    return this.handOver(keys.importProgress(workspaceId, importId), handover, 'attribute_not_exists(done)');
  }

  async listRunningReverts(): Promise<RunningRevert[]> {
    const reverts: RunningRevert[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :sk AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sk': keys.importRevert('-', '-').sk, ':running': 'running' },
          ProjectionExpression: 'workspaceId, importId, runId, leaseUntil',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        // Reverts started before their items carried their ids cannot be named: left to a new POST.
        if (typeof item.workspaceId !== 'string' || typeof item.importId !== 'string') continue;
        reverts.push({
          workspaceId: item.workspaceId,
          importId: item.importId,
          ...(typeof item.runId === 'string' ? { runId: item.runId } : {}),
          ...(typeof item.leaseUntil === 'number' ? { leaseUntil: item.leaseUntil } : {}),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return reverts;
  }

  async takeOverRevert(
    workspaceId: string,
    importId: string,
    handover: { fromRunId: string; runId: string; leaseUntil: number },
  ): Promise<boolean> {
    return this.handOver(keys.importRevert(workspaceId, importId), handover, '#status = :running', {
      names: { '#status': 'status' },
      values: { ':running': 'running' },
    });
  }

  /** Gives the item's run to `runId` on the condition that the dead run still holds it and `unfinished` holds. */
  private async handOver(
    key: { pk: string; sk: string },
    handover: { fromRunId: string; runId: string; leaseUntil: number },
    unfinished: string,
    extra: { names?: Record<string, string>; values?: Record<string, unknown> } = {},
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET runId = :runId, leaseUntil = :leaseUntil',
          ConditionExpression: `runId = :fromRunId AND ${unfinished}`,
          ...(extra.names ? { ExpressionAttributeNames: extra.names } : {}),
          ExpressionAttributeValues: {
            ':runId': handover.runId,
            ':leaseUntil': handover.leaseUntil,
            ':fromRunId': handover.fromRunId,
            ...extra.values,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
