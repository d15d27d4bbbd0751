// The results function: template, imports and their summaries and error reports, custom fields, contacts.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { ContactJson, ContactsPage } from '../../shared/api/contacts.js';
import type { CustomFieldJson, CustomFieldsList } from '../../shared/api/custom-fields.js';
import type { ImportSummary, ImportsPage } from '../../shared/api/import-summary.js';
import { buildOpenApiDocument } from '../../shared/api/openapi-document.js';
import { ROUTE_CONTRACTS } from '../../shared/api/route-contracts.js';
import { validatePath, validateRequest } from '../../shared/api/validate-request.js';
import { deleteContact } from '../../shared/contacts/delete-contact.js';
import { editContact } from '../../shared/contacts/edit-contact.js';
import { listImportContacts } from '../../shared/contacts/list-import-contacts.js';
import { readContactsQuery } from '../../shared/contacts/read-contacts-query.js';
import { ImportError } from '../../shared/errors.js';
import { csv, errorResponse, type HttpResponse, json, notFound } from '../../shared/http/http-response.js';
import { header, readJsonBody } from '../../shared/http/parse-request.js';
import { buildSummary } from '../../shared/import/import-record.js';
import { settleUploadExpiry } from '../../shared/import/upload-expiry.js';
import type { ContactQueries } from '../../shared/ports/contact-queries.js';
import type { ContactStore } from '../../shared/ports/contact-store.js';
import type { CustomFieldStore } from '../../shared/ports/custom-field-store.js';
import type { ImportProfileStore } from '../../shared/ports/import-profile-store.js';
import type { ImportStore } from '../../shared/ports/import-store.js';
import type { JournalStore } from '../../shared/ports/journal-store.js';
import type { ReportStore } from '../../shared/ports/report-store.js';
import type { RevertStore } from '../../shared/ports/revert-store.js';
import type { SettingsStore } from '../../shared/ports/settings-store.js';
import { buildTemplate } from '../../shared/results/build-template.js';
import { toContactJson } from '../../shared/results/contact-json.js';
import { type RevertState, revertSummary } from '../../shared/revert/revert-record.js';
import { readWorkspaceSettings } from '../../shared/settings/workspace-settings.js';
import type { ApiEvent } from '../api-event.js';
import { API_ROUTES } from '../routes.js';
import { isProfileRoute, serveProfileRoute } from './profile-routes.js';

export interface ResultsDeps {
  imports: ImportStore;
  reports: ReportStore;
  customFields: CustomFieldStore;
  contacts: ContactQueries;
  /** A person's edits and deletions go through the engine's store (guards and phone sets follow). */
  contactStore: ContactStore;
  settings: SettingsStore;
  /** Import journals (SPEC §10), read by `GET /contacts?importId=`. */
  journals: JournalStore;
  /** Reverts (SPEC §10): their state, and how one is started (a round of the continuation state machine). */
  reverts?: {
    store: RevertStore;
    start: (job: { kind: 'revert'; workspaceId: string; importId: string; runId: string }) => Promise<void>;
    /** Days after an import's end it can still be reverted. */
    windowDays: number;
    newRunId: () => string;
    now?: () => Date;
  };
  now: () => Date;
  profiles: ImportProfileStore;
  /** A short-lived link to a report too large to return inline (Lambda responses stop at 6 MB). */
  reportLink: (key: string, fileName: string) => Promise<string>;
  logger: Logger;
}

/** Reports up to this size come back inline; larger ones redirect to a presigned S3 link. */
const INLINE_REPORT_BYTES = 4 * 1024 * 1024;

const contract = ROUTE_CONTRACTS;

const readPage = (query: Record<string, string | undefined>) => {
  const page = validateRequest(contract['GET /imports'].request.query, query, 'query');
  return { limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) };
};

/** The version an edit or deletion is conditioned on: the body's or query's `ver`, or `If-Match` (`"3"`, `W/"3"`). */
const expectedVersion = (event: ApiEvent, given: number | undefined): number | undefined => {
  const ifMatch = header(event, 'if-match')?.trim();
  if (ifMatch === undefined || ifMatch === '*') return given;
  const version = Number(ifMatch.replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (!Number.isInteger(version) || version < 1) {
    throw new ImportError('invalid_request', 'If-Match: must be a version the API gave out (ver)', {
      field: 'ver',
    });
  }
  if (given !== undefined && given !== version) {
    throw new ImportError('invalid_request', `ver: ${given} and If-Match ${version} disagree`, {
      field: 'ver',
    });
  }
  return version;
};

const withRevert = (summary: ImportSummary, revert: RevertState | undefined): ImportSummary =>
  revert ? { ...summary, revert: revertSummary(revert) } : summary;

/** How long a recorded start may wait for its first round before a POST may start another. */
export const UNCLAIMED_REVERT_MS = 5 * 60_000;

/** A running revert no round holds: never claimed long after its start, or its last round's lease is over. */
const isStalled = (revert: RevertState, now: Date): boolean =>
  revert.leaseUntil !== undefined
    ? revert.leaseUntil < now.getTime()
    : now.getTime() - Date.parse(revert.startedAt) > UNCLAIMED_REVERT_MS;

export const createHandler = (deps: ResultsDeps) => {
  // Built on the first request for it, then kept: it depends only on the code.
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const openApiDocument = () => {
    document ??= buildOpenApiDocument(API_ROUTES);
    return document;
  };

  /** `live`: its counts as committed so far (those of the batch under way too), for one watching it. */
  const getImport = async (workspaceId: string, event: ApiEvent, live = false) => {
    const { id } = validatePath(contract['GET /imports/{id}'].request.path, event.pathParameters, 'import');
    const stored = await (live
      ? deps.imports.getLiveImport(workspaceId, id)
      : deps.imports.getImport(workspaceId, id));
    if (!stored) throw notFound('import');
    return settleUploadExpiry(deps, stored);
  };

  const errorReport = async (workspaceId: string, event: ApiEvent): Promise<HttpResponse> => {
    const { record } = await getImport(workspaceId, event);
    const fileName = `${record.fileName.replace(/\.csv$/i, '')}-errors.csv`;
    if (!record.reportKey) {
      throw new ImportError('conflict', 'the error report is written when the import finishes');
    }
    const body = await deps.reports.openReport(record.reportKey);
    if (!body) throw notFound('error report');
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > INLINE_REPORT_BYTES) {
        return { statusCode: 303, headers: { location: await deps.reportLink(record.reportKey, fileName) } };
      }
    }
    return csv(Buffer.concat(chunks).toString('utf8'), fileName);
  };

  /** SPEC §10: only a completed or cancelled real import, within the window, once (a dry run may repeat). */
  const startRevert = async (workspaceId: string, event: ApiEvent): Promise<HttpResponse> => {
    const reverts = deps.reverts;
    if (!reverts) throw notFound('route');
    const { record } = await getImport(workspaceId, event);
    const sent = event.body ? readJsonBody(event) : {};
    const body = validateRequest(
      contract['POST /imports/{id}/revert'].request.body['application/json'],
      sent,
      'body',
    );
    const dryRun = body.dryRun ?? false;
    const status: string = record.status;
    if (status !== 'completed' && status !== 'cancelled') {
      throw new ImportError(
        'not_revertible',
        `the import is ${status}: only a completed or cancelled import can be undone`,
      );
    }
    if (record.options.dryRun) {
      throw new ImportError('not_revertible', 'the import was a dry run: it changed nothing to undo');
    }
    const now = reverts.now?.() ?? new Date();
    const ended = Date.parse(record.finishedAt ?? record.createdAt);
    if (now.getTime() > ended + reverts.windowDays * 86_400_000) {
      throw new ImportError(
        'revert_window_passed',
        `an import can be undone within ${reverts.windowDays} days of its end; this one ended ${record.finishedAt}`,
      );
    }
    const startedAt = now.toISOString();
    // What the start replaces (a finished dry run, a failed revert), to put back if its round cannot be started.
    const previous = await reverts.store.getRevert(workspaceId, record.importId);
    const refusal = await reverts.store.startRevert(workspaceId, record.importId, { dryRun, startedAt });
    if (refusal === 'already_reverted') throw new ImportError(refusal, 'this import has been undone already');
    if (refusal === 'revert_running') {
      // A revert no round carries any more (its start was recorded, then the function died before the state
      // machine took it; or its rounds ended without finishing it) would refuse every POST for ever: a POST of
      // the same kind starts a new round, which claims it and goes on from its checkpoint.
      const stored = await reverts.store.getRevert(workspaceId, record.importId);
      if (stored?.status !== 'running' || !isStalled(stored, now) || stored.dryRun !== dryRun) {
        throw new ImportError(refusal, 'a revert of this import is running');
      }
      await reverts.start({
        kind: 'revert',
        workspaceId,
        importId: record.importId,
        runId: reverts.newRunId(),
      });
      return json(202, { importId: record.importId, dryRun });
    }
    try {
      await reverts.start({
        kind: 'revert',
        workspaceId,
        importId: record.importId,
        runId: reverts.newRunId(),
      });
    } catch (error) {
      // No round runs it: a revert left `running` would stay so for ever (and refuse every later POST). Unless a
      // run claimed it all the same (the start went through and only its answer was lost), the start is taken
      // back and the POST fails (500); it may be sent again.
      const undone = await reverts.store.undoStart(workspaceId, record.importId, {
        startedAt,
        ...(previous ? { previous } : {}),
      });
      if (undone) throw error;
    }
    return json(202, { importId: record.importId, dryRun });
  };

  const route = async (event: ApiEvent): Promise<HttpResponse> => {
    // Public: no authorizer ran, so there is no workspace to read.
    if (event.routeKey === 'GET /openapi.json') return json(200, openApiDocument());
    const workspaceId = event.requestContext.authorizer.lambda.workspaceId;
    const query = event.queryStringParameters ?? {};
    if (isProfileRoute(event.routeKey)) return serveProfileRoute(deps, event.routeKey, workspaceId, event);
    switch (event.routeKey) {
      case 'GET /template': {
        const { example } = validateRequest(contract['GET /template'].request.query, query, 'query');
        return csv(
          buildTemplate(await deps.customFields.listCustomFields(workspaceId), {
            example: example === 'true',
          }),
          example === 'true' ? 'contacts-template-example.csv' : 'contacts-template.csv',
        );
      }
      case 'GET /imports': {
        const page = await deps.imports.listImports(workspaceId, readPage(query));
        const imports = await Promise.all(page.imports.map((stored) => settleUploadExpiry(deps, stored)));
        const reverts = await deps.reverts?.store.getReverts(
          workspaceId,
          imports.map(({ record }) => record.importId),
        );
        return json(200, {
          imports: imports.map(({ record, progress, errors }) =>
            withRevert(buildSummary(record, progress, errors), reverts?.get(record.importId)),
          ),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        } satisfies ImportsPage);
      }
      case 'GET /imports/{id}': {
        const { record, progress, errors } = await getImport(workspaceId, event, true);
        const revert = await deps.reverts?.store.getRevert(workspaceId, record.importId);
        return json(200, withRevert(buildSummary(record, progress, errors), revert) satisfies ImportSummary);
      }
      case 'POST /imports/{id}/revert':
        return startRevert(workspaceId, event);
      case 'GET /imports/{id}/errors':
        return errorReport(workspaceId, event);
      case 'GET /custom-fields':
        return json(200, {
          customFields: await deps.customFields.listCustomFields(workspaceId),
        } satisfies CustomFieldsList);
      case 'POST /custom-fields': {
        const field = validateRequest(
          contract['POST /custom-fields'].request.body['application/json'],
          readJsonBody(event),
          'body',
        );
        await deps.customFields.createCustomField(workspaceId, field);
        return json(201, field satisfies CustomFieldJson);
      }
      case 'GET /contacts': {
        const settings = await deps.settings.getSettings(workspaceId);
        const request = readContactsQuery(query, settings);
        const page =
          'importId' in request
            ? await listImportContacts(deps, workspaceId, request.importId, request.page, request.outcome)
            : await deps.contacts.listContacts(workspaceId, request.filter, request.page);
        return json(200, {
          contacts: page.contacts.map(toContactJson),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        } satisfies ContactsPage);
      }
      case 'GET /contacts/{id}': {
        const { id } = validatePath(
          contract['GET /contacts/{id}'].request.path,
          event.pathParameters,
          'contact',
        );
        const contact = await deps.contacts.getContact(workspaceId, id);
        if (!contact) throw notFound('contact');
        return json(200, toContactJson(contact) satisfies ContactJson);
      }
      case 'PATCH /contacts/{id}': {
        const { id } = validatePath(
          contract['PATCH /contacts/{id}'].request.path,
          event.pathParameters,
          'contact',
        );
        const { ver, ...patch } = validateRequest(
          contract['PATCH /contacts/{id}'].request.body['application/json'],
          readJsonBody(event),
          'body',
        );
        const edited = await editContact(deps, workspaceId, id, patch, expectedVersion(event, ver));
        return json(
          200,
          toContactJson({ value: edited.contact, version: edited.version }) satisfies ContactJson,
        );
      }
      case 'DELETE /contacts/{id}': {
        const { id } = validatePath(
          contract['DELETE /contacts/{id}'].request.path,
          event.pathParameters,
          'contact',
        );
        const { ver } = validateRequest(contract['DELETE /contacts/{id}'].request.query, query, 'query');
        await deleteContact(deps, workspaceId, id, expectedVersion(event, ver));
        return { statusCode: 204, headers: {} };
      }
      case 'GET /settings':
        return json(200, await deps.settings.getSettings(workspaceId));
      case 'PUT /settings': {
        const settings = readWorkspaceSettings(readJsonBody(event));
        await deps.settings.putSettings(workspaceId, settings);
        return json(200, settings);
      }
      default:
        throw notFound('route');
    }
  };

  return async (event: ApiEvent): Promise<HttpResponse> => {
    try {
      return await route(event);
    } catch (error) {
      return errorResponse(error, (e) => deps.logger.error('request failed', { error: e as Error }));
    }
  };
};
