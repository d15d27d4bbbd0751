// A listing's cursor: the key DynamoDB stopped at, given out opaque and taken back only as a key of that very
// listing (its workspace's partition, its kind's sort-key prefix, its index value), never as whatever it says.

import { ImportError } from '../../errors.js';
import { MAX_SORT_KEY_BYTES } from './table-design.js';

/** Where a listing's keys lie: built from table-design.ts by the store that lists. */
export interface CursorScope {
  /** The partition key, or the keys (a workspace's contact shards), the listing's keys have. */
  pk: string | readonly string[];
  /** Every item the listing returns has a sort key with this prefix (`C#`, `I#`). */
  skPrefix: string;
  /** On an index query: the index's key attribute and the value the query asks for. */
  index?: { attribute: string; value: string };
}

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

const refuse = (): ImportError =>
  new ImportError('invalid_request', 'the cursor is not one this API gave out');

/** What a listing that gives out no cursor (all it finds fits one page) answers to one. */
export const refuseCursor = refuse;

const parse = (cursor: string): unknown => {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
};

/**
 * The start key a cursor stands for, or `invalid_request`: a key of another workspace, of another kind of item
 * (a sort key outside the listing's prefix, which DynamoDB would refuse with a 500), too long to be a key, or
 * with attributes the listing's keys do not have.
 */
export const decodeCursor = (cursor: string, scope: CursorScope): Record<string, string> => {
  const key = parse(cursor);
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw refuse();
  const fields = key as Record<string, unknown>;
  const allowed = ['pk', 'sk', ...(scope.index ? [scope.index.attribute] : [])];
  const { pk, sk } = fields;
  const fits =
    Object.keys(fields).length === allowed.length &&
    allowed.every((name) => typeof fields[name] === 'string') &&
    typeof pk === 'string' &&
    (typeof scope.pk === 'string' ? pk === scope.pk : scope.pk.includes(pk)) &&
    typeof sk === 'string' &&
    sk.startsWith(scope.skPrefix) &&
    Buffer.byteLength(sk) <= MAX_SORT_KEY_BYTES &&
    (scope.index === undefined || fields[scope.index.attribute] === scope.index.value);
  if (!fits) throw refuse();
  return Object.fromEntries(allowed.map((name) => [name, fields[name] as string]));
};
