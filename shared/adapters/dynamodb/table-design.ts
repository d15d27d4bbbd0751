// The single-table key design (README "Data model"): every item's keys are built here and only here.

import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one GSI: a contact by an external id. Email and phone have none: their guards and phone sets answer
 * `?email=` and `?phone=` strongly consistently, and a new contact writes no index entry for them (README "Data
 * model").
 */
export const INDEX = {
  byExternalId: 'byExternalId',
} as const;

/** DynamoDB's limits on a key's UTF-8 length: a longer one is refused (a ValidationException), never stored. */
export const MAX_PARTITION_KEY_BYTES = 2048;
export const MAX_SORT_KEY_BYTES = 1024;

const ws = (workspaceId: string) => `W#${workspaceId}`;

/**
 * A workspace's contacts are spread over this many partition keys (`W#<ws>#C#<shard>`), so that millions of them
 * never funnel through one key's 1,000 writes/s; a listing walks the shards in order. Fixed: changing it moves
 * every contact (README "Data model").
 */
export const CONTACT_SHARDS = 16;

/** The shard of a contact: FNV-1a of its id, so a contact's key follows from its id alone. */
export const contactShard = (contactId: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < contactId.length; i++) {
    hash ^= contactId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % CONTACT_SHARDS;
};

const contactPartition = (workspaceId: string, shard: number) => `${ws(workspaceId)}#C#${shard}`;

export const keys = {
  /** Every partition key of a workspace starts so (IAM's leading-key condition). */
  workspacePartitionPrefix: (workspaceId: string) => ws(workspaceId),
  /** Contacts live in their shard's partition of the workspace, under random ids. */
  contact: (workspaceId: string, contactId: string) => ({
    pk: contactPartition(workspaceId, contactShard(contactId)),
    sk: `C#${contactId}`,
  }),
  /** The partition keys of a workspace's contacts, shard 0 first: the order a listing walks them in. */
  contactPartitions: (workspaceId: string): string[] =>
    Array.from({ length: CONTACT_SHARDS }, (_, shard) => contactPartition(workspaceId, shard)),
  /** What every contact shard's partition key of the workspace starts with (a scan's filter). */
  contactPartitionPrefix: (workspaceId: string) => `${ws(workspaceId)}#C#`,
  contactPrefix: 'C#',
  /** The guard that makes an email unique in a workspace: it exists iff a contact has that email. */
  emailGuard: (workspaceId: string, email: string) => ({ pk: `${ws(workspaceId)}#E#${email}`, sk: '-' }),
  /** The head of one phone's set: how many contacts have it, its version, its first members (read for matching). */
  phoneSet: (workspaceId: string, phone: string) => ({ pk: `${ws(workspaceId)}#P#${phone}`, sk: '-' }),
  /** A member of a phone's set that its head does not list; those without an email sort first (`M#0#`). */
  phoneMember: (workspaceId: string, phone: string, contactId: string, email: string) => ({
    pk: `${ws(workspaceId)}#P#${phone}`,
    sk: `M#${email === '' ? '0' : '1'}#${contactId}`,
  }),
  /** The sort-key prefix of a phone's member items: all of them, or those without an email. */
  phoneMemberPrefix: (withoutEmail: boolean) => (withoutEmail ? 'M#0#' : 'M#'),
  /**
   * Where a listing of a phone's contacts stands among those its head lists: just after `contactId`. No item has
   * this key; it sorts before every member item (`-` < `0`), so a cursor of the listing is always `M#…`.
   */
  phoneListedPosition: (workspaceId: string, phone: string, contactId: string) => ({
    pk: `${ws(workspaceId)}#P#${phone}`,
    sk: `M#-#${contactId}`,
  }),
  phoneListedPositionPrefix: 'M#-#',
  customField: (workspaceId: string, key: string) => ({ pk: ws(workspaceId), sk: `F#${key}` }),
  customFieldPrefix: 'F#',
  importRecord: (workspaceId: string, importId: string) => ({ pk: ws(workspaceId), sk: `I#${importId}` }),
  importPrefix: 'I#',
  /** Small and hot: counts and checkpoint, written in every transaction of the import. */
  importProgress: (workspaceId: string, importId: string) => ({
    pk: `${ws(workspaceId)}#I#${importId}`,
    sk: 'P',
  }),
  /** A commit lane of the import (`k` < the lanes it was run with): one transaction of a batch in flight on it at a time. */
  importLane: (workspaceId: string, importId: string, lane: number) => ({
    pk: `${ws(workspaceId)}#I#${importId}`,
    sk: `L#${lane}`,
  }),
  importLanePrefix: 'L#',
  /** The first errors of the import, written only while there are fewer than the summary keeps. */
  importErrors: (workspaceId: string, importId: string) => ({
    pk: `${ws(workspaceId)}#I#${importId}`,
    sk: 'E',
  }),
  /** An import's revert (SPEC §10): its state, checkpoint and counts, written with each of its transactions. */
  importRevert: (workspaceId: string, importId: string) => ({
    pk: `${ws(workspaceId)}#I#${importId}`,
    sk: 'R',
  }),
  /** The workspace's settings (SPEC §3): one small item in its collection. */
  settings: (workspaceId: string) => ({ pk: ws(workspaceId), sk: 'S' }),
  /** A named import profile (SPEC §11), in its workspace's collection. */
  importProfile: (workspaceId: string, name: string) => ({ pk: ws(workspaceId), sk: `PR#${name}` }),
  importProfilePrefix: 'PR#',
  /** The settings remembered for one header row (SPEC §11), under the hash of its normalised headers. */
  rememberedSettings: (workspaceId: string, headerKey: string) => ({
    pk: ws(workspaceId),
    sk: `H#${headerKey}`,
  }),
  apiKey: (keyHash: string) => ({ pk: `K#${keyHash}`, sk: '-' }),
  /** A key's entry in its workspace's collection (never the key: its hash, prefix and dates), for listing. */
  workspaceApiKey: (workspaceId: string, keyHash: string) => ({ pk: ws(workspaceId), sk: `K#${keyHash}` }),
  workspaceApiKeyPrefix: 'K#',
};

/** GSI partition values: the workspace is part of the value so that tenants never meet in one key. */
export const indexValues = {
  externalId: (workspaceId: string, value: string) => `${workspaceId}#${value}`,
};

/**
 * The table as CreateTable takes it: the local stack and the tests create it from this; infra/ mirrors it.
 * The GSI projects keys only: a contact write whose external id stays as it was costs it nothing
 * (docs/PERFORMANCE.md), and a reader by it fetches the contacts by key.
 */
export const tableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'gsiExternalId', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: INDEX.byExternalId,
      KeySchema: [{ AttributeName: 'gsiExternalId', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ],
});
