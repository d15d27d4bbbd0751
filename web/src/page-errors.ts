// What the page says about an error: the API's message, or a plain one for anything else.

import { ApiError } from './api.js';
import { formatBytes } from './dom.js';

export const describeError = (error: unknown): string =>
  error instanceof ApiError ? error.message : `Something went wrong: ${String(error)}`;

export const tooLargeError = (file: File, maxBytes: number): ApiError =>
  new ApiError(
    'too_large',
    413,
    'file_too_large',
    `${file.name} is ${formatBytes(file.size)}: the largest file accepted is ${formatBytes(maxBytes)}. Split it into smaller files.`,
  );
