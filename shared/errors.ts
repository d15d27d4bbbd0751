// The one error type of the product: a string-literal code plus the context a person needs.

/** Why a whole import failed because of its file (SPEC §5). */
export const FILE_FAILURE_CODES = [
  'empty_file',
  'not_csv',
  'no_header',
  'file_too_large',
  'too_many_columns',
  'malformed_csv',
  'sheet_not_found',
  'encrypted_file',
  'file_changed',
] as const;

/** Why a whole import failed: its file, or `internal` (ours). */
export type ImportFailureCode = (typeof FILE_FAILURE_CODES)[number] | 'internal';

/** Codes that reject a request or an option before any row is read. */
export type RequestErrorCode =
  | 'invalid_request'
  | 'invalid_mapping'
  | 'unknown_field'
  | 'unknown_profile'
  | 'not_found'
  | 'unauthorized'
  | 'conflict'
  | 'email_taken'
  | 'version_conflict'
  | 'not_cancellable'
  // A revert refused (SPEC §10): the import cannot be undone, its window has passed, it was, or one runs.
  | 'not_revertible'
  | 'revert_window_passed'
  | 'already_reverted'
  | 'revert_running'
  | 'payload_too_large'
  | 'unsupported_media_type';

/** Codes the storage adapters translate SDK exceptions into. */
export type StoreErrorCode =
  | 'write_conflict'
  | 'lease_lost'
  | 'throttled'
  | 'cancel_requested'
  // DynamoDB refused a write for its size (an item over 400 KB, a transaction over 4 MB): it would again.
  | 'storage_limit';

export type ErrorCode = ImportFailureCode | RequestErrorCode | StoreErrorCode;

export interface ErrorContext {
  row?: number;
  column?: string;
  [key: string]: unknown;
}

export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }
}

export const isImportError = (error: unknown, code?: ErrorCode): error is ImportError =>
  error instanceof ImportError && (code === undefined || error.code === code);
