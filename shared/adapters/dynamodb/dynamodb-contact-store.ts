// DynamoDB adapter of the ContactStore port: guards and phone sets read consistently, batches written in one
// transaction. The only place that builds the items of contacts, email guards, phone heads and phone members.

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Contact } from '../../domain/contact.js';
import { ImportError } from '../../errors.js';
import type { LaneWrite } from '../../ports/commit-lane-store.js';
import type {
  ContactBatch,
  ContactStore,
  KeyLookup,
  PhoneHead,
  PhoneMembers,
  Versioned,
} from '../../ports/contact-store.js';
import { batchGetItems } from './batch-get.js';
import { fromContactItem, toContactItem } from './contact-item.js';
import { revertCheckpointUpdate } from './dynamodb-revert-store.js';
import { keys } from './table-design.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const progressUpdate = (workspaceId: string, progress: NonNullable<ContactBatch['progress']>) => {
  const { importId, runId, expectedRow, next } = progress;
  // Row notes (`extra_emails_ignored`) are written once there are any, so most imports' items stay as they were.
  const noted = next.noted && Object.keys(next.noted).length > 0 ? next.noted : undefined;
  const cellErrors = next.cellErrors && Object.keys(next.cellErrors).length > 0 ? next.cellErrors : undefined;
  const erroredBy = next.erroredBy && Object.keys(next.erroredBy).length > 0 ? next.erroredBy : undefined;
  return {
    Key: keys.importProgress(workspaceId, importId),
    UpdateExpression: `SET #row = :row, #offset = :offset, #counts = :counts, #skippedBy = :skippedBy, #errorsKept = :errorsKept, #segment = :segment${noted ? ', #noted = :noted' : ''}${cellErrors ? ', #cellErrors = :cellErrors' : ''}${erroredBy ? ', #erroredBy = :erroredBy' : ''}`,
    // A cancelled import takes no batch more: the run that meets the flag ends it `cancelled` (SPEC §6).
    ConditionExpression: '#runId = :runId AND #row = :expectedRow AND attribute_not_exists(#cancel)',
    // Every name goes through a placeholder: several (row, segment, …) are DynamoDB reserved words.
    ExpressionAttributeNames: {
      '#row': 'row',
      '#offset': 'offset',
      '#counts': 'counts',
      '#skippedBy': 'skippedBy',
      '#errorsKept': 'errorsKept',
      '#segment': 'segment',
      '#runId': 'runId',
      '#cancel': 'cancelRequestedAt',
      ...(noted ? { '#noted': 'noted' } : {}),
      ...(cellErrors ? { '#cellErrors': 'cellErrors' } : {}),
      ...(erroredBy ? { '#erroredBy': 'erroredBy' } : {}),
    },
    ExpressionAttributeValues: {
      ':row': next.row,
      ':offset': next.offset,
      ':counts': next.counts,
      ':skippedBy': next.skippedBy,
      ':errorsKept': next.errorsKept,
      ':segment': next.segment,
      ':runId': runId,
      ':expectedRow': expectedRow,
      ...(noted ? { ':noted': noted } : {}),
      ...(cellErrors ? { ':cellErrors': cellErrors } : {}),
      ...(erroredBy ? { ':erroredBy': erroredBy } : {}),
    },
  };
};

/** The lane's update inside a transaction of the batch: its receipts, conditioned on the run and the lane's seq. */
export const laneUpdate = (workspaceId: string, write: LaneWrite) => ({
  Key: keys.importLane(workspaceId, write.importId, write.lane),
  UpdateExpression: 'SET #seq = :next, #batch = :batch, #units = :units',
  ConditionExpression: '#runId = :runId AND #seq = :seq',
  ExpressionAttributeNames: { '#seq': 'seq', '#batch': 'batch', '#units': 'units', '#runId': 'runId' },
  ExpressionAttributeValues: {
    ':next': write.expectedSeq + 1,
    ':seq': write.expectedSeq,
    ':batch': write.batch,
    ':units': write.units,
    ':runId': write.runId,
  },
});

const versionCondition = (expectedVersion: number) =>
  expectedVersion === 0
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'ver = :ver', ExpressionAttributeValues: { ':ver': expectedVersion } };

const namesContact = (contactId: string) => ({
  ConditionExpression: 'contactId = :contactId',
  ExpressionAttributeValues: { ':contactId': contactId },
});

export class DynamoDbContactStore implements ContactStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async lookupKeys(
    workspaceId: string,
    emails: Iterable<string>,
    phones: Iterable<string>,
  ): Promise<KeyLookup> {
    const emailByPk = new Map<string, string>();
    const phoneByPk = new Map<string, string>();
    const wanted = [];
    for (const email of emails) {
      const key = keys.emailGuard(workspaceId, email);
      emailByPk.set(key.pk, email);
      wanted.push(key);
    }
    for (const phone of phones) {
      const key = keys.phoneSet(workspaceId, phone);
      phoneByPk.set(key.pk, phone);
      wanted.push(key);
    }
    const lookup: KeyLookup = { emails: new Map(), phones: new Map() };
    if (wanted.length === 0) return lookup;
    for (const item of await batchGetItems(this.client, this.tableName, wanted)) {
      const pk = item.pk as string;
      const email = emailByPk.get(pk);
      if (email !== undefined) {
        lookup.emails.set(email, item.contactId as string);
        continue;
      }
      const phone = phoneByPk.get(pk);
      if (phone !== undefined)
        lookup.phones.set(phone, { value: toPhoneHead(item), version: item.ver as number });
    }
    return lookup;
  }

  async phoneMembers(
    workspaceId: string,
    phone: string,
    query: { withoutEmail: boolean; skip: ReadonlySet<string>; limit: number },
  ): Promise<PhoneMembers> {
    const { pk } = keys.phoneSet(workspaceId, phone);
    const members: PhoneMembers = new Map();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': keys.phoneMemberPrefix(query.withoutEmail) },
          ConsistentRead: true,
          // The skipped ones are those this reader removed itself: a few more than the limit find the rest.
          Limit: Math.min(1000, query.limit + Math.min(query.skip.size, 100)),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const contactId = item.contactId as string;
        if (query.skip.has(contactId)) continue;
        members.set(contactId, (item.email as string | undefined) ?? '');
        if (members.size >= query.limit) return members;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return members;
  }

  async getContacts(
    workspaceId: string,
    contactIds: Iterable<string>,
  ): Promise<Map<string, Versioned<Contact>>> {
    const wanted = [...contactIds].map((id) => keys.contact(workspaceId, id));
    const contacts = new Map<string, Versioned<Contact>>();
    if (wanted.length === 0) return contacts;
    for (const item of await batchGetItems(this.client, this.tableName, wanted)) {
      const contact = fromContactItem(item);
      contacts.set(contact.id, { value: contact, version: item.ver as number });
    }
    return contacts;
  }

  async writeBatch(batch: ContactBatch): Promise<void> {
    const { workspaceId } = batch;
    const items: TransactItem[] = [];
    for (const { contact, expectedVersion, externalIdKey } of batch.contacts) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: toContactItem(contact, expectedVersion + 1, externalIdKey),
          ...versionCondition(expectedVersion),
        },
      });
    }
    for (const { contactId, expectedVersion } of batch.removedContacts ?? []) {
      items.push({
        Delete: {
          TableName: this.tableName,
          Key: keys.contact(workspaceId, contactId),
          ...versionCondition(expectedVersion),
        },
      });
    }
    for (const { email, contactId, replaces } of batch.newEmails) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...keys.emailGuard(workspaceId, email), contactId },
          ...(replaces === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : namesContact(replaces)),
        },
      });
    }
    for (const { email, contactId } of batch.removedEmails ?? []) {
      // Only the guard that still names this contact goes: one another writer gave to another contact stays.
      items.push({
        Delete: {
          TableName: this.tableName,
          Key: keys.emailGuard(workspaceId, email),
          ...namesContact(contactId),
        },
      });
    }
    for (const { phone, expectedVersion, next, putMembers, deletedMembers } of batch.phones) {
      const key = keys.phoneSet(workspaceId, phone);
      // The head carries the condition: whoever decided on this phone read its version.
      items.push(
        next.count === 0
          ? { Delete: { TableName: this.tableName, Key: key, ...versionCondition(expectedVersion) } }
          : {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...key,
                  count: next.count,
                  withoutEmail: next.withoutEmail,
                  listed: Object.fromEntries(next.listed),
                  ver: expectedVersion + 1,
                },
                ...versionCondition(expectedVersion),
              },
            },
      );
      for (const { contactId, email } of deletedMembers) {
        items.push({
          Delete: { TableName: this.tableName, Key: keys.phoneMember(workspaceId, phone, contactId, email) },
        });
      }
      for (const { contactId, email } of putMembers) {
        items.push({
          Put: {
            TableName: this.tableName,
            Item: { ...keys.phoneMember(workspaceId, phone, contactId, email), contactId, email },
          },
        });
      }
    }
    const { progress } = batch;
    if (batch.revert) {
      // A revert's unit: its checkpoint moves with the contacts it covers (a dry run's moves alone).
      const index = items.length;
      items.push({
        Update: { TableName: this.tableName, ...revertCheckpointUpdate(workspaceId, batch.revert) },
      });
      await this.transact(items, index);
      return;
    }
    if (batch.lane) {
      // One of the batch's transactions in flight together: it moves its own lane, never the progress item.
      const index = items.length;
      items.push({ Update: { TableName: this.tableName, ...laneUpdate(workspaceId, batch.lane) } });
      await this.transact(items, index);
      return;
    }
    if (!progress) {
      // A person's edit or deletion: the contact, its guards and phone sets, all or nothing.
      if (items.length === 0) return;
      await this.transact(items, undefined);
      return;
    }
    if (batch.errors) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...keys.importErrors(workspaceId, progress.importId), errors: batch.errors },
        },
      });
    }
    const update = progressUpdate(workspaceId, progress);
    if (items.length === 0) {
      await this.updateProgressAlone(update);
      return;
    }
    const progressIndex = items.length;
    items.push({ Update: { TableName: this.tableName, ...update } });
    await this.transact(items, progressIndex);
  }

  private async transact(items: TransactItem[], progressIndex: number | undefined): Promise<void> {
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      throw translateTransactionError(error, progressIndex);
    }
  }

  private async updateProgressAlone(progress: ReturnType<typeof progressUpdate>): Promise<void> {
    try {
      await this.client.send(new UpdateCommand({ TableName: this.tableName, ...progress }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ImportError('lease_lost', 'another run holds this import', {}, { cause: error });
      }
      throw error;
    }
  }
}

/**
 * Which condition failed decides what the engine does: re-plan on a contact conflict, stop on a lost lease. A write
 * DynamoDB refuses for its size (an item over 400 KB, a transaction over 4 MB) is `storage_limit`: it would be
 * refused again, so it is never taken for a conflict to re-plan (that retried it forever, silently).
 */
export const translateTransactionError = (error: unknown, progressIndex: number | undefined): unknown => {
  if (isValidationException(error)) {
    return new ImportError('storage_limit', 'DynamoDB refused the write as too large', {}, { cause: error });
  }
  if (!(error instanceof TransactionCanceledException)) return error;
  const reasons = error.CancellationReasons ?? [];
  if (progressIndex !== undefined && reasons[progressIndex]?.Code === 'ConditionalCheckFailed') {
    return new ImportError('lease_lost', 'another run holds this import', {}, { cause: error });
  }
  if (reasons.some((reason) => reason.Code === 'ValidationError')) {
    return new ImportError('storage_limit', 'DynamoDB refused an item of the write', {}, { cause: error });
  }
  return new ImportError(
    'write_conflict',
    'contacts changed while the batch was planned',
    {},
    { cause: error },
  );
};

const isValidationException = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ValidationException';

const toPhoneHead = (item: Record<string, unknown>): PhoneHead => ({
  count: item.count as number,
  withoutEmail: item.withoutEmail as number,
  listed: new Map(Object.entries((item.listed as Record<string, string> | undefined) ?? {})),
});
