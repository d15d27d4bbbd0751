// What every route of the HTTP API takes and answers, keyed by route key: the handlers validate with it and
// the OpenAPI document is generated from it.

import { z } from 'zod';
import { type ErrorCode, FILE_FAILURE_CODES } from '../errors.js';
import { PROFILE_NAME_RULE } from '../profiles/profile-name.js';
import { workspaceSettingsSchema } from '../settings/workspace-settings.js';
import {
  contactDeleteQuerySchema,
  contactIdSchema,
  contactJsonSchema,
  contactPatchSchema,
  contactsPageSchema,
  contactsQuerySchema,
} from './contacts.js';
import {
  acceptedImportSchema,
  createdImportSchema,
  createImportBodySchema,
  csvBodyQuerySchema,
} from './create-import.js';
import { customFieldJsonSchema, customFieldsListSchema, newCustomFieldSchema } from './custom-fields.js';
import {
  importProfileSchema,
  importProfilesSchema,
  profileBodySchema,
  profilePathSchema,
} from './import-profiles.js';
import {
  acceptedRevertSchema,
  importIdSchema,
  importSummarySchema,
  importsPageSchema,
  revertBodySchema,
} from './import-summary.js';
import { pageQuerySchema } from './page-query.js';
import { previewQuerySchema, previewSchema } from './preview.js';
import { sentObjectSchema } from './sent-value-schema.js';

/** A body by media type; `z.string()` under a CSV type stands for the file's bytes. */
export type Content = Record<string, z.ZodType>;

export interface RouteContract {
  summary: string;
  description?: string;
  request?: {
    /** A path parameter that fails its schema names nothing: the route answers 404. */
    path?: z.ZodObject;
    query?: z.ZodObject;
    body?: Content;
  };
  /** The answers that are not errors, by status. */
  responses: Record<number, { description: string; content?: Content; headers?: Record<string, string> }>;
  /** The error codes a handler may answer on this route (their statuses: STATUS_BY_CODE); 500 is implied. */
  errors: readonly ErrorCode[];
}

const fileBytes = z.string().meta({ format: 'binary', description: 'The file itself.' });
/** The file itself: a CSV (octet-stream keeps a Windows-1252 or UTF-16 file's bytes) or an .xlsx workbook. */
const CSV_FILE: Content = {
  'text/csv': fileBytes,
  'application/octet-stream': fileBytes,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': fileBytes,
};
const CSV_DOWNLOAD: Content = { 'text/csv': z.string().meta({ description: 'UTF-8 with a BOM.' }) };
const importPath = z.object({ id: importIdSchema });
const contactPath = z.object({ id: contactIdSchema });
const templateQuerySchema = z.object({
  example: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: '`true`: one example row under the headers, valid for every field and its type.' }),
});
const settingsJsonSchema = sentObjectSchema(workspaceSettingsSchema).meta({ id: 'WorkspaceSettings' });

/** Codes every option-taking route can answer: the options and the mapping are checked before any row. */
const OPTION_ERRORS = [
  'invalid_request',
  'invalid_mapping',
  'unknown_field',
  'unknown_profile',
] as const satisfies ErrorCode[];

export const ROUTE_CONTRACTS = {
  'POST /imports': {
    summary: 'Start an import',
    description:
      'A JSON body registers a pending import and answers a presigned S3 POST for its file (201). A CSV or ' +
      '.xlsx body is the file itself, its options in the query (202).',
    request: {
      query: csvBodyQuerySchema,
      body: { 'application/json': createImportBodySchema, ...CSV_FILE },
    },
    responses: {
      201: {
        description: 'A pending import and its presigned upload.',
        content: { 'application/json': createdImportSchema },
      },
      202: {
        description: 'The file is stored; the import runs.',
        content: { 'application/json': acceptedImportSchema },
      },
    },
    errors: [...OPTION_ERRORS, 'payload_too_large', 'file_too_large', 'unsupported_media_type'],
  },
  'POST /imports/preview': {
    summary: 'Preview an import',
    description:
      'A dry run over the first MiB of the file: layout, mapping and the first rows with their outcome.',
    request: { query: previewQuerySchema, body: CSV_FILE },
    responses: { 200: { description: 'The preview.', content: { 'application/json': previewSchema } } },
    errors: [...OPTION_ERRORS, ...FILE_FAILURE_CODES],
  },
  'GET /template': {
    summary: 'The CSV template',
    request: { query: templateQuerySchema },
    responses: {
      200: {
        description:
          'Built-in headers, external_id when a field maps to it, custom field keys; with `example=true`, one ' +
          'example row that imports as one contact.',
        content: CSV_DOWNLOAD,
      },
    },
    errors: ['invalid_request'],
  },
  'GET /imports': {
    summary: "This workspace's imports, newest first",
    request: { query: pageQuerySchema },
    responses: {
      200: { description: 'A page of summaries.', content: { 'application/json': importsPageSchema } },
    },
    errors: ['invalid_request'],
  },
  'GET /imports/{id}': {
    summary: 'An import and its summary',
    request: { path: importPath },
    responses: { 200: { description: 'The summary.', content: { 'application/json': importSummarySchema } } },
    errors: ['not_found'],
  },
  'POST /imports/{id}/revert': {
    summary: 'Undo an import',
    description:
      'Deletes the contacts the import created and gives back, field by field, what its updates changed, except ' +
      'where something changed since (SPEC §10). Runs like an import: the summary shows `revert` as it goes. ' +
      'A dry run counts what a revert would do and may be repeated.',
    request: { path: importPath, body: { 'application/json': revertBodySchema } },
    responses: {
      202: { description: 'The revert runs.', content: { 'application/json': acceptedRevertSchema } },
    },
    errors: [
      'invalid_request',
      'not_found',
      'not_revertible',
      'revert_window_passed',
      'already_reverted',
      'revert_running',
    ],
  },
  'GET /imports/{id}/errors': {
    summary: "An import's error report",
    request: { path: importPath },
    responses: {
      200: { description: 'The error report: errored and reported skipped rows.', content: CSV_DOWNLOAD },
      303: {
        description: 'A report over 4 MiB: a short-lived link to it.',
        headers: { location: 'The presigned link.' },
      },
    },
    errors: ['not_found', 'conflict'],
  },
  'POST /imports/{id}/cancel': {
    summary: 'Cancel an import',
    description:
      'A pending import ends `cancelled` at once; a running one stops at its next batch (its summary shows ' +
      '`cancelRequestedAt` until then). What it applied stays applied and counted.',
    request: { path: importPath },
    responses: {
      202: {
        description: 'The summary as it stands after the request.',
        content: { 'application/json': importSummarySchema },
      },
    },
    errors: ['not_found', 'not_cancellable'],
  },
  'GET /custom-fields': {
    summary: "This workspace's custom fields",
    responses: {
      200: { description: 'The fields.', content: { 'application/json': customFieldsListSchema } },
    },
    errors: [],
  },
  'POST /custom-fields': {
    summary: 'Add a custom field',
    request: { body: { 'application/json': newCustomFieldSchema } },
    responses: {
      201: { description: 'The new field.', content: { 'application/json': customFieldJsonSchema } },
    },
    errors: ['invalid_request', 'payload_too_large', 'conflict'],
  },
  'GET /contacts': {
    summary: "This workspace's contacts, or those found by search words, email, phone or external id",
    description:
      'In a stable order (by id), page after page. One filter at most; an unknown parameter is a 400 naming it. ' +
      'A search page reads at most 4,000 contacts: it may hold fewer than `limit` and still have a cursor. ' +
      "With `importId`: the import's contacts in journal order (an unknown import, or another workspace's, a 404).",
    request: { query: contactsQuerySchema },
    responses: {
      200: { description: 'A page of contacts.', content: { 'application/json': contactsPageSchema } },
    },
    errors: ['invalid_request', 'not_found'],
  },
  'GET /contacts/{id}': {
    summary: 'A contact',
    request: { path: contactPath },
    responses: { 200: { description: 'The contact.', content: { 'application/json': contactJsonSchema } } },
    errors: ['not_found'],
  },
  'PATCH /contacts/{id}': {
    summary: "A person's edit of a contact",
    description:
      'Values are read as an import reads cells (SPEC §3); `null` or `""` clears a field. Conditioned on `ver` ' +
      '(the body or `If-Match`) when given; without it a concurrent write is re-read and the edit applied again.',
    request: { path: contactPath, body: { 'application/json': contactPatchSchema } },
    responses: {
      200: { description: 'The contact as stored.', content: { 'application/json': contactJsonSchema } },
    },
    errors: [
      'invalid_request',
      'unknown_field',
      'payload_too_large',
      'not_found',
      'email_taken',
      'version_conflict',
      'conflict',
    ],
  },
  'DELETE /contacts/{id}': {
    summary: 'Delete a contact',
    description:
      'Its email guard and phone set membership go with it. Conditioned on `ver` (or `If-Match`) when given.',
    request: { path: contactPath, query: contactDeleteQuerySchema },
    responses: { 204: { description: 'Deleted.' } },
    errors: ['invalid_request', 'not_found', 'version_conflict', 'conflict'],
  },
  'GET /settings': {
    summary: "This workspace's settings",
    description: 'Applied to imports whose options say nothing of them.',
    responses: {
      200: { description: 'The settings.', content: { 'application/json': settingsJsonSchema } },
    },
    errors: [],
  },
  'PUT /settings': {
    summary: "Replace this workspace's settings",
    request: { body: { 'application/json': workspaceSettingsSchema } },
    responses: {
      200: { description: 'The settings.', content: { 'application/json': settingsJsonSchema } },
    },
    errors: ['invalid_request', 'payload_too_large'],
  },
  'GET /import-profiles': {
    summary: "This workspace's import profiles",
    description: 'Named options an import takes with `profile` (or a drop under drops/<ws>/<name>/).',
    responses: {
      200: { description: 'The profiles.', content: { 'application/json': importProfilesSchema } },
    },
    errors: [],
  },
  'PUT /import-profiles/{name}': {
    summary: 'Create or replace an import profile',
    description: `The name is ${PROFILE_NAME_RULE} (another is a 400). The body replaces the profile whole.`,
    request: { path: profilePathSchema, body: { 'application/json': profileBodySchema } },
    responses: {
      200: { description: 'The profile.', content: { 'application/json': importProfileSchema } },
    },
    errors: ['invalid_request', 'invalid_mapping', 'unknown_field', 'payload_too_large', 'conflict'],
  },
  'DELETE /import-profiles/{name}': {
    summary: 'Delete an import profile',
    request: { path: profilePathSchema },
    responses: { 204: { description: 'Deleted.' } },
    errors: ['not_found'],
  },
  'GET /openapi.json': {
    summary: "This API's OpenAPI 3.1 description",
    description: 'Needs no API key.',
    responses: {
      200: {
        description: 'This document.',
        content: {
          'application/json': z.record(z.string(), z.unknown()).meta({ description: 'OpenAPI 3.1' }),
        },
      },
    },
    errors: [],
  },
} as const satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof ROUTE_CONTRACTS;
