// Where import files live in the bucket, and what an object key says about its workspace and import.

import { isWorkspaceId } from '../auth/api-keys.js';
import { isImportId } from '../ids.js';

/** The prefixes whose new objects notify the import function (the bucket's event filters in AWS). */
export const IMPORT_PREFIXES = ['uploads/', 'drops/'] as const;

export const uploadKey = (workspaceId: string, importId: string) => `uploads/${workspaceId}/${importId}.csv`;

export type ParsedKey =
  | { kind: 'upload'; workspaceId: string; importId: string }
  | { kind: 'drop'; workspaceId: string; path: string }
  | { kind: 'other' };

/** S3 event keys arrive URL-encoded, spaces as `+` (AWS's notification format). */
export const decodeEventKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

/** AWS's encoding of a key in an event, for the local stack to hand the handler what AWS would. */
export const encodeEventKey = (key: string): string =>
  key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');

export const parseObjectKey = (key: string): ParsedKey => {
  const parts = key.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return { kind: 'other' };
  const [prefix, workspaceId, ...rest] = parts;
  if (!workspaceId || !isWorkspaceId(workspaceId) || rest.length === 0) return { kind: 'other' };
  if (prefix === 'uploads' && rest.length === 1) {
    const match = /^([0-9A-Z]{26})\.csv$/.exec(rest[0] ?? '');
    if (match?.[1] && isImportId(match[1])) return { kind: 'upload', workspaceId, importId: match[1] };
    return { kind: 'other' };
  }
  // A drop is a CSV file or an .xlsx workbook by its name; which one it is, its bytes say (SPEC §12).
  if (prefix === 'drops' && /\.(csv|xlsx)$/i.test(rest[rest.length - 1] ?? '')) {
    return { kind: 'drop', workspaceId, path: rest.join('/') };
  }
  return { kind: 'other' };
};
