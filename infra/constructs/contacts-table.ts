// The single DynamoDB table, built from shared/'s tableDefinition() so the cloud and the local stack cannot differ.

import type {
  AttributeDefinition,
  CreateTableCommandInput,
  KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
  type WarmThroughput,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/adapters/dynamodb/table-design.js';

/**
 * The GSIs the table had before `?email=` and `?phone=` were answered from the guards and phone sets, by their key
 * attribute. Nothing queries them and no contact carries their keys now; a stack that has them keeps the ones
 * context `keepIndexes` names while it removes them one deploy at a time (CloudFormation creates or deletes at
 * most one GSI per update: README "Deploy").
 */
export const RETIRED_INDEXES = { byEmail: 'gsiEmail', byPhone: 'gsiPhone' } as const;
export type RetiredIndex = keyof typeof RETIRED_INDEXES;

export interface ContactsTableProps {
  retainData: boolean;
  /** Retired GSIs kept for now (an existing stack's transition); none on a new stack. */
  keepIndexes?: readonly RetiredIndex[];
  /** Pre-warms the table and its GSIs for a known import volume (context `warmWriteUnits`, `warmReadUnits`). */
  warmThroughput?: WarmThroughput;
}

const ATTRIBUTE_TYPES: Record<string, AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

const PROJECTION_TYPES: Record<string, ProjectionType> = {
  ALL: ProjectionType.ALL,
  KEYS_ONLY: ProjectionType.KEYS_ONLY,
  INCLUDE: ProjectionType.INCLUDE,
};

const lookup = <T>(table: Record<string, T>, key: string | undefined, what: string): T => {
  const value = key === undefined ? undefined : table[key];
  if (value === undefined) throw new Error(`tableDefinition(): unsupported ${what} ${String(key)}`);
  return value;
};

/** The HASH and RANGE attributes of a key schema, typed from the attribute definitions. */
const keyAttributes = (
  schema: KeySchemaElement[] | undefined,
  definitions: AttributeDefinition[],
): { partitionKey: Attribute; sortKey?: Attribute } => {
  const attribute = (keyType: 'HASH' | 'RANGE'): Attribute | undefined => {
    const name = schema?.find((element) => element.KeyType === keyType)?.AttributeName;
    if (name === undefined) return undefined;
    const type = definitions.find((definition) => definition.AttributeName === name)?.AttributeType;
    return { name, type: lookup(ATTRIBUTE_TYPES, type, `type of attribute ${name}:`) };
  };
  const partitionKey = attribute('HASH');
  if (!partitionKey) throw new Error('tableDefinition(): a key schema has no HASH key');
  const sortKey = attribute('RANGE');
  return sortKey ? { partitionKey, sortKey } : { partitionKey };
};

/** Fails on the parts of CreateTable this translation does not carry over, rather than dropping them silently. */
const assertTranslatable = (definition: CreateTableCommandInput): void => {
  if (definition.BillingMode !== 'PAY_PER_REQUEST')
    throw new Error('tableDefinition(): expected PAY_PER_REQUEST');
  if (definition.LocalSecondaryIndexes?.length) throw new Error('tableDefinition(): LSIs are not translated');
};

export class ContactsTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: ContactsTableProps) {
    super(scope, id);
    // The name is a placeholder: CloudFormation names the table, so stages can share an account.
    const definition = tableDefinition('placeholder');
    assertTranslatable(definition);
    const attributes = definition.AttributeDefinitions ?? [];

    this.table = new Table(this, 'Table', {
      ...keyAttributes(definition.KeySchema, attributes),
      // On demand: import bursts are spiky and idle time is long; nothing to size or scale.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS owned key: encrypted at rest at no cost; a customer-managed key would add KMS cost and a key to
      // administer, for a control (key policy, revocation) this product does not need.
      encryption: TableEncryption.DEFAULT,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      ...(props.warmThroughput ? { warmThroughput: props.warmThroughput } : {}),
    });

    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      if (!index.IndexName) throw new Error('tableDefinition(): a GSI has no name');
      const projectionType = lookup(PROJECTION_TYPES, index.Projection?.ProjectionType, 'projection');
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        ...keyAttributes(index.KeySchema, attributes),
        projectionType,
        // A GSI is written with every base write that changes its key: it needs the same head room.
        ...(props.warmThroughput ? { warmThroughput: props.warmThroughput } : {}),
        ...(projectionType === ProjectionType.INCLUDE
          ? { nonKeyAttributes: index.Projection?.NonKeyAttributes ?? [] }
          : {}),
      });
    }
    for (const indexName of props.keepIndexes ?? []) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: RETIRED_INDEXES[indexName], type: AttributeType.STRING },
        projectionType: ProjectionType.KEYS_ONLY,
        ...(props.warmThroughput ? { warmThroughput: props.warmThroughput } : {}),
      });
    }
  }
}
