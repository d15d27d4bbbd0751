// Counts a DynamoDB client's requests and the capacity they consumed, as an SDK middleware on the client.

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface RequestTotals {
  requests: number;
  /** Read and write capacity units, as `ReturnConsumedCapacity: TOTAL` reports them. */
  read: number;
  write: number;
  byCommand: Record<string, number>;
  /** Items the write requests named: a transaction's actions, a batch's puts and deletes, one a single write. */
  itemsWritten: number;
}

export interface RequestMeter {
  snapshot(): RequestTotals;
  since(before: RequestTotals): RequestTotals;
}

const itemsNamed = (commandName: string, input: Record<string, unknown>): number => {
  if (commandName.startsWith('TransactWrite')) {
    return ((input.TransactItems as Record<string, unknown>[] | undefined) ?? []).filter(
      (action) => !action.ConditionCheck,
    ).length;
  }
  if (commandName.startsWith('BatchWrite')) {
    return Object.values((input.RequestItems as Record<string, unknown[]> | undefined) ?? {}).reduce(
      (sum, requests) => sum + requests.length,
      0,
    );
  }
  return /^(Put|Update|Delete)/.test(commandName) ? 1 : 0;
};

const isRead = (commandName: string) =>
  ['BatchGet', 'Get', 'Query', 'Scan'].some((prefix) => commandName.startsWith(prefix));

/** Adds the meter to `client`: each request it sends from now on asks for its consumed capacity. */
export const meter = (client: DynamoDBDocumentClient): RequestMeter => {
  const stats: RequestTotals = { requests: 0, read: 0, write: 0, byCommand: {}, itemsWritten: 0 };
  client.middlewareStack.add(
    (next, context) => async (callArgs) => {
      const input = callArgs.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      stats.requests++;
      const name = context.commandName ?? 'unknown';
      stats.byCommand[name] = (stats.byCommand[name] ?? 0) + 1;
      const result = await next(callArgs);
      stats.itemsWritten += itemsNamed(name, input);
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
        } else if (isRead(name)) {
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
    since: (before) => ({
      requests: stats.requests - before.requests,
      read: stats.read - before.read,
      write: stats.write - before.write,
      itemsWritten: stats.itemsWritten - before.itemsWritten,
      byCommand: Object.fromEntries(
        Object.entries(stats.byCommand)
          .map(([k, v]) => [k, v - (before.byCommand[k] ?? 0)] as const)
          .filter(([, v]) => v > 0),
      ),
    }),
  };
};
