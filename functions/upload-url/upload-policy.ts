// The presigned POST's policy beside its key: the Content-Type the object is stored with, and its size.

/** The MIME type of an `.xlsx` workbook (SPEC §12). */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The types an upload is stored with: what browsers and the CLI say of a CSV (Excel on Windows calls it
 * `application/vnd.ms-excel`), of a text or tab-separated file, of a workbook, or of a file they cannot
 * name. The importer knows a file by its bytes, never by this type.
 */
export const UPLOAD_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/vnd.ms-excel',
  XLSX_CONTENT_TYPE,
  'application/octet-stream',
]);

/**
 * The Content-Type the policy requires: the one the request announced when it is one of the upload types,
 * `application/octet-stream` for any other, and without one `text/csv` (an `.xlsx` name: the workbook's).
 */
export const uploadContentType = (announced: string | undefined, fileName: string): string => {
  const type = announced?.split(';')[0]?.trim().toLowerCase();
  if (type) return UPLOAD_CONTENT_TYPES.has(type) ? type : 'application/octet-stream';
  return /\.xlsx$/i.test(fileName) ? XLSX_CONTENT_TYPE : 'text/csv';
};

export interface UploadPolicy {
  Conditions: Array<['content-length-range', number, number]>;
  Fields: Record<string, string>;
}

/**
 * The POST's conditions besides its key: the Content-Type field (a form field of the POST, so the object is
 * stored with it; createPresignedPost adds an exact-match condition for every field), and the size: exactly
 * the announced `fileSize` (0 included: an empty file becomes a failed `empty_file` import, as on every way
 * in), or from 1 byte to the limit when none was announced.
 */
export const uploadPolicy = (request: {
  contentType: string;
  fileSize?: number;
  maxBytes: number;
}): UploadPolicy => ({
  Conditions: [
    request.fileSize !== undefined
      ? ['content-length-range', request.fileSize, request.fileSize]
      : ['content-length-range', 1, request.maxBytes],
  ],
  Fields: { 'Content-Type': request.contentType },
});
