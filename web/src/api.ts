// The page's client of the HTTP API: fetch with the bearer key, errors as ApiError, the presigned POST by XHR.

import type { ImportOptionName } from '../../shared/options/import-option-schema.js';
import type {
  AcceptedRevert,
  CreatedImport,
  CustomField,
  FileRow,
  ImportChoices,
  ImportProfile,
  ImportSummary,
  ImportsPage,
  PresignedUpload,
  Preview,
} from './types.js';

/** The preview reads the first MiB of the file: the server looks at no more. */
export const PREVIEW_BYTES = 1024 * 1024;
/** A workbook (a zip: its directory is at its end) is previewed whole, up to this size. */
export const PREVIEW_WORKBOOK_BYTES = 4 * 1024 * 1024;

/** An .xlsx workbook starts as every zip archive does: `PK\x03\x04`. */
const isZip = async (file: Blob): Promise<boolean> => {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
};

/** `auth`: the key was refused; `network`: no answer; `too_large`: over the upload limit; `http`: any other error. */
export type ApiErrorKind = 'auth' | 'network' | 'too_large' | 'http';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    /** A preview's `no_header` answers the file's first rows, for a person to pick the header row from. */
    readonly rows?: FileRow[],
  ) {
    super(message);
  }
}

export const networkError = (what: string): ApiError =>
  new ApiError(
    'network',
    0,
    'network',
    `Could not reach the server for ${what}: check your connection and try again.`,
  );

const authError = (status: number): ApiError =>
  new ApiError(
    'auth',
    status,
    status === 401 ? 'unauthorized' : 'forbidden',
    status === 401
      ? 'No API key was sent. Enter your workspace API key first.'
      : 'This API key was refused (403): check that you copied all of it and that it has not been revoked.',
  );

/** Turns an error response into an ApiError: `{error: {code, message}}` from the handlers, `{message}` from the gateway. */
export const toApiError = async (response: Response): Promise<ApiError> => {
  if (response.status === 401 || response.status === 403) return authError(response.status);
  let code = `http_${response.status}`;
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  let rows: FileRow[] | undefined;
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; rows?: FileRow[] };
      message?: string;
    };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
    if (Array.isArray(body.error?.rows)) rows = body.error.rows;
    else if (body.message) message = `${message}: ${body.message}`;
  } catch {
    // Not JSON: the status line says enough.
  }
  if (response.status >= 500 && code === 'internal') {
    message = 'The server ran into an error. Try again in a moment.';
  }
  const kind = response.status === 413 ? 'too_large' : 'http';
  return new ApiError(kind, response.status, code, message, rows);
};

/** The file name a download should get, from Content-Disposition when the server sends one. */
const fileNameOf = (response: Response, fallback: string): string => {
  const match = /filename="?([^";]+)"?/i.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
};

export interface Download {
  blob: Blob;
  fileName: string;
}

/** The workspace's import settings (GET/PUT /settings); a setting not set is absent. */
export interface WorkspaceSettings {
  defaultCountry?: string;
  dateFormat?: string;
  decimalSeparator?: string;
}

export interface ApiClient {
  getSettings(): Promise<WorkspaceSettings>;
  /** Replaces them whole: `null` clears one. */
  putSettings(settings: Record<keyof WorkspaceSettings, string | null>): Promise<WorkspaceSettings>;
  listCustomFields(): Promise<CustomField[]>;
  createCustomField(field: CustomField): Promise<CustomField>;
  /** `example`: with one example row (GET /template?example=true). */
  downloadTemplate(example?: boolean): Promise<Download>;
  /** POST /imports/{id}/cancel: the summary as it stands after the request. */
  cancelImport(importId: string): Promise<ImportSummary>;
  /** POST /imports/{id}/revert (SPEC §10): starts the undo, or its dry run; its progress is the summary's `revert`. */
  revertImport(importId: string, dryRun: boolean): Promise<AcceptedRevert>;
  listImports(cursor?: string): Promise<ImportsPage>;
  getImport(importId: string): Promise<ImportSummary>;
  downloadErrorReport(importId: string): Promise<Download>;
  preview(file: Blob, choices: ImportChoices, rows?: number): Promise<Preview>;
  /** GET /import-profiles: the workspace's saved settings, by name. */
  listProfiles(): Promise<ImportProfile[]>;
  /** PUT /import-profiles/{name}: saves (or replaces) a profile with these options. */
  putProfile(name: string, options: Record<string, unknown>): Promise<ImportProfile>;
  /** DELETE /import-profiles/{name}: an ApiError of status 404 when there is none of that name. */
  deleteProfile(name: string): Promise<void>;
  /** Registers the import of `file` (its name, size and type announced) and gets its presigned POST. */
  createImport(file: Pick<File, 'name' | 'size' | 'type'>, choices: ImportChoices): Promise<CreatedImport>;
  upload(
    upload: PresignedUpload,
    file: File,
    onProgress: (loaded: number, total: number) => void,
  ): Promise<void>;
}

/** Choices named as the options the server reads: a choice of another name would have to be `never`. */
type OptionChoices<T> = T & Record<Exclude<keyof T, ImportOptionName>, never>;

/** The options as the server reads them (shared/options), by their names: a choice left empty is not sent. */
const optionValues = (choices: OptionChoices<ImportChoices>): Partial<Record<ImportOptionName, unknown>> => {
  const values: Partial<Record<ImportOptionName, unknown>> = {};
  for (const [name, value] of Object.entries(choices)) {
    if (
      value === '' ||
      value === undefined ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
    )
      continue;
    values[name as ImportOptionName] = value;
  }
  return values;
};

/** The same options as query parameters: text as it is, booleans as true/false, the mapping as JSON. */
const optionParams = (choices: ImportChoices): Record<string, string> =>
  Object.fromEntries(
    Object.entries(optionValues(choices)).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );

/** What S3 says when it refuses a presigned POST (an XML body with a Code). */
const uploadError = (xhr: XMLHttpRequest): ApiError => {
  const code = /<Code>([^<]+)<\/Code>/.exec(xhr.responseText ?? '')?.[1] ?? `http_${xhr.status}`;
  if (code === 'EntityTooLarge') {
    return new ApiError(
      'too_large',
      xhr.status,
      'file_too_large',
      'The storage refused the file: it is too large.',
    );
  }
  if (code === 'AccessDenied' && /expired/i.test(xhr.responseText)) {
    return new ApiError(
      'http',
      xhr.status,
      'upload_expired',
      'The upload link expired. Start the import again.',
    );
  }
  return new ApiError('http', xhr.status, code, `The upload failed (${xhr.status} ${code}). Try again.`);
};

export const createApiClient = (baseUrl: string, apiKey: () => string): ApiClient => {
  const send = async (
    what: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: { bytes: BodyInit; type: string },
  ): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey()}` };
    if (body) headers['content-type'] = body.type;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body ? { body: body.bytes } : {}) });
    } catch {
      throw networkError(what);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  };
  const getJson = async <T>(what: string, path: string): Promise<T> =>
    (await (await send(what, 'GET', path)).json()) as T;
  const postJson = async <T>(what: string, path: string, body: unknown): Promise<T> =>
    (await (
      await send(what, 'POST', path, { bytes: JSON.stringify(body), type: 'application/json' })
    ).json()) as T;
  const putJson = async <T>(what: string, path: string, body: unknown): Promise<T> =>
    (await (
      await send(what, 'PUT', path, { bytes: JSON.stringify(body), type: 'application/json' })
    ).json()) as T;
  const download = async (what: string, path: string, fallback: string): Promise<Download> => {
    const response = await send(what, 'GET', path);
    return { blob: await response.blob(), fileName: fileNameOf(response, fallback) };
  };

  return {
    getSettings: () => getJson('the workspace settings', '/settings'),
    putSettings: (settings) => putJson('the workspace settings', '/settings', settings),
    listCustomFields: async () =>
      (await getJson<{ customFields: CustomField[] }>('the custom fields', '/custom-fields')).customFields,
    createCustomField: (field) => postJson('the new custom field', '/custom-fields', field),
    downloadTemplate: (example = false) =>
      example
        ? download('the template', '/template?example=true', 'contacts-template-example.csv')
        : download('the template', '/template', 'contacts-template.csv'),
    cancelImport: (importId) => postJson('the cancel', `/imports/${encodeURIComponent(importId)}/cancel`, {}),
    revertImport: (importId, dryRun) =>
      postJson('the undo', `/imports/${encodeURIComponent(importId)}/revert`, { dryRun }),
    listImports: (cursor) =>
      getJson('the list of imports', `/imports${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
    getImport: (importId) => getJson('the import', `/imports/${encodeURIComponent(importId)}`),
    downloadErrorReport: (importId) =>
      download('the error report', `/imports/${encodeURIComponent(importId)}/errors`, 'errors.csv'),
    listProfiles: async () =>
      (await getJson<{ profiles: ImportProfile[] }>('the saved profiles', '/import-profiles')).profiles,
    putProfile: (name, options) =>
      putJson('the profile', `/import-profiles/${encodeURIComponent(name)}`, options),
    deleteProfile: async (name) => {
      await send('the profile', 'DELETE', `/import-profiles/${encodeURIComponent(name)}`);
    },
    preview: async (file, choices, rows = 20) => {
      const params = new URLSearchParams({ ...optionParams(choices), rows: String(rows) });
      // The server drops the last line of a partial sample: it may be cut in the middle. A workbook is sent
      // whole (up to its limit; past it the server says to import it as a dry run instead).
      const limit = (await isZip(file)) ? PREVIEW_WORKBOOK_BYTES : PREVIEW_BYTES;
      if (file.size > limit) params.set('partial', 'true');
      const sample = await file.slice(0, limit).arrayBuffer();
      const response = await send('the preview', 'POST', `/imports/preview?${params}`, {
        bytes: sample,
        type: 'application/octet-stream',
      });
      return (await response.json()) as Preview;
    },
    createImport: (file, choices) =>
      postJson('the new import', '/imports', {
        fileName: file.name,
        fileSize: file.size,
        // The presigned POST requires the type the file is sent with (the browser's, when it has one).
        ...(file.type ? { contentType: file.type } : {}),
        ...optionValues(choices),
      }),
    upload: (upload, file, onProgress) =>
      new Promise<void>((resolve, reject) => {
        const form = new FormData();
        // S3 reads the policy fields first: the file goes last.
        for (const [key, value] of Object.entries(upload.fields)) form.append(key, value);
        form.append('file', file, file.name);
        const xhr = new XMLHttpRequest();
        xhr.open('POST', upload.url);
        xhr.upload.addEventListener('progress', (event) => {
          if (event.lengthComputable) onProgress(event.loaded, event.total);
        });
        xhr.addEventListener('load', () => {
          if (xhr.status >= 200 && xhr.status < 300) resolve();
          else reject(uploadError(xhr));
        });
        xhr.addEventListener('error', () => reject(networkError('the upload')));
        xhr.addEventListener('abort', () =>
          reject(new ApiError('network', 0, 'aborted', 'The upload was cancelled.')),
        );
        xhr.send(form);
      }),
  };
};
