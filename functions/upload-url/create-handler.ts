// POST /imports: registers an import and hands back a presigned S3 POST, or stores a CSV body and answers 202.

import type { Logger } from '@aws-lambda-powertools/logger';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import {
  type AcceptedImport,
  type CreatedImport,
  createImportFileSchema,
} from '../../shared/api/create-import.js';
import type { ImportSummary } from '../../shared/api/import-summary.js';
import type { Preview } from '../../shared/api/preview.js';
import { ROUTE_CONTRACTS } from '../../shared/api/route-contracts.js';
import { validatePath, validateRequest } from '../../shared/api/validate-request.js';
import { ImportError } from '../../shared/errors.js';
import { errorResponse, type HttpResponse, json } from '../../shared/http/http-response.js';
import {
  bodyBytes,
  type HttpRequest,
  mediaType,
  readJsonBody,
  safeFileName,
} from '../../shared/http/parse-request.js';
import { cancelImport } from '../../shared/import/cancel-import.js';
import { createImport } from '../../shared/import/create-import.js';
import { buildSummary } from '../../shared/import/import-record.js';
import { uploadKey } from '../../shared/import/object-keys.js';
import {
  type GivenImportOptions,
  importOptionsFromJson,
  importOptionsFromQuery,
} from '../../shared/options/read-import-options.js';
import type { CustomFieldStore } from '../../shared/ports/custom-field-store.js';
import type { ImportProfileStore } from '../../shared/ports/import-profile-store.js';
import type { ImportStore } from '../../shared/ports/import-store.js';
import type { SettingsStore } from '../../shared/ports/settings-store.js';
import type { PreviewDeps } from '../../shared/preview/preview-import.js';
import { previewImport } from '../../shared/preview/preview-import.js';
import type { ApiEvent } from '../api-event.js';
import { uploadContentType, uploadPolicy, XLSX_CONTENT_TYPE } from './upload-policy.js';

export interface UploadUrlDeps {
  imports: ImportStore;
  customFields: CustomFieldStore;
  settings: SettingsStore;
  /** The workspace's import profiles, for an import that names one (SPEC §11). */
  profiles?: ImportProfileStore;
  s3: S3Client;
  bucket: string;
  maxBytes: number;
  urlTtlSeconds: number;
  newImportId: () => string;
  now: () => Date;
  logger: Logger;
  preview: PreviewDeps;
}

/**
 * A file in the body: `application/octet-stream` keeps a Windows-1252 or UTF-16 file's bytes as they are; an
 * `.xlsx` workbook may come as its own type too (the importer knows it by its bytes either way).
 */
const FILE_BODY_TYPES: ReadonlySet<string> = new Set([
  'text/csv',
  'application/csv',
  'application/octet-stream',
  XLSX_CONTENT_TYPE,
]);

export const createHandler = (deps: UploadUrlDeps) => {
  const register = async (
    workspaceId: string,
    source: 'upload' | 'api' | 'cli',
    fileName: string,
    options: GivenImportOptions,
    uploadExpiresAt?: Date,
  ) => {
    const importId = deps.newImportId();
    const customFields = await deps.customFields.listCustomFields(workspaceId);
    const record = await createImport(
      deps,
      {
        workspaceId,
        importId,
        source,
        fileName,
        objectKey: uploadKey(workspaceId, importId),
        options,
        ...(uploadExpiresAt ? { uploadExpiresAt: uploadExpiresAt.toISOString() } : {}),
      },
      customFields,
    );
    deps.logger.info('import registered', { workspaceId, importId, source });
    return record;
  };

  const presignedUpload = async (workspaceId: string, request: HttpRequest): Promise<HttpResponse> => {
    const body = readJsonBody(request);
    const file = validateRequest(createImportFileSchema, body, 'body');
    if (file.fileSize !== undefined && file.fileSize > deps.maxBytes) {
      throw new ImportError(
        'file_too_large',
        `the file has ${file.fileSize} bytes; at most ${deps.maxBytes} are accepted`,
      );
    }
    const { fileName, fileSize, contentType, source } = file;
    const options = importOptionsFromJson(body as Record<string, unknown>);
    const expiresAt = new Date(deps.now().getTime() + deps.urlTtlSeconds * 1000);
    const record = await register(workspaceId, source, safeFileName(fileName), options, expiresAt);
    const upload = await createPresignedPost(deps.s3, {
      Bucket: deps.bucket,
      Key: record.objectKey,
      ...uploadPolicy({
        contentType: uploadContentType(contentType, fileName),
        ...(fileSize !== undefined ? { fileSize } : {}),
        maxBytes: deps.maxBytes,
      }),
      Expires: deps.urlTtlSeconds,
    });
    return json(201, {
      importId: record.importId,
      upload,
      maxBytes: deps.maxBytes,
      expiresAt: expiresAt.toISOString(),
    } satisfies CreatedImport);
  };

  const fileBody = async (workspaceId: string, request: HttpRequest, type: string): Promise<HttpResponse> => {
    const query = request.queryStringParameters ?? {};
    const bytes = bodyBytes(request);
    if (bytes.length === 0) throw new ImportError('invalid_request', 'the file in the body is empty');
    if (bytes.length > deps.maxBytes) {
      throw new ImportError('payload_too_large', `the file may have at most ${deps.maxBytes} bytes`);
    }
    const record = await register(
      workspaceId,
      'api',
      safeFileName(query.fileName),
      importOptionsFromQuery(query),
    );
    // The object-created event starts the same pipeline as a browser upload.
    await deps.s3.send(
      new PutObjectCommand({
        Bucket: deps.bucket,
        Key: record.objectKey,
        Body: bytes,
        ContentType: type,
      }),
    );
    return json(202, { importId: record.importId } satisfies AcceptedImport);
  };

  return async (event: ApiEvent): Promise<HttpResponse> => {
    try {
      const workspaceId = event.requestContext.authorizer.lambda.workspaceId;
      if (event.routeKey === 'POST /imports/{id}/cancel') {
        const { id } = validatePath(
          ROUTE_CONTRACTS['POST /imports/{id}/cancel'].request.path,
          event.pathParameters,
          'import',
        );
        const { record, progress, errors } = await cancelImport(deps, workspaceId, id);
        return json(202, buildSummary(record, progress, errors) satisfies ImportSummary);
      }
      if (event.routeKey === 'POST /imports/preview') {
        return json(200, (await previewImport(deps.preview, workspaceId, event)) satisfies Preview);
      }
      const type = mediaType(event);
      if (type === 'application/json') return await presignedUpload(workspaceId, event);
      if (FILE_BODY_TYPES.has(type)) return await fileBody(workspaceId, event, type);
      throw new ImportError(
        'unsupported_media_type',
        `POST /imports takes application/json (for a presigned upload), or text/csv, application/octet-stream or ${XLSX_CONTENT_TYPE} (the file itself)`,
      );
    } catch (error) {
      return errorResponse(error, (e) => deps.logger.error('request failed', { error: e as Error }));
    }
  };
};
