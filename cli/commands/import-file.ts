// `import FILE`: registers the import (POST /imports, source "cli"), uploads with the presigned POST,
// follows the import to its end and prints its summary. Exit 0 completed, 1 failed.

import { access, constants, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportSummary } from '../../shared/import/import-record.js';
import { type ApiClient, ApiError, ApiUnreachableError, type CreatedImport } from '../api-client.js';
import { CliError, EXIT } from '../cli-errors.js';
import type { CliOptions } from '../parse-args.js';
import { uploadWithPresignedPost } from '../presigned-upload.js';
import { formatBytes, formatImportProgress, formatUploadProgress, ProgressLine } from '../progress-bar.js';
import { renderSummary } from '../render-summary.js';
import { type Command, commandPrefix, withApiSession } from './command-context.js';

/** A pending import that has not started after this long gets a note: the upload may not have reached it. */
const PENDING_NOTICE_MS = 60_000;
const POLL_MIN_MS = 150;
const POLL_MAX_MS = 1000;
/** Consecutive failed polls (network, 5xx) tolerated before giving up: the import goes on regardless. */
const POLL_RETRIES = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The file as the import needs it: there, a regular file, readable, not empty. */
const inspectFile = async (path: string): Promise<{ size: number }> => {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new CliError(`file not found: ${path}`);
    throw new CliError(`cannot read ${path} (${code ?? (error as Error).message})`);
  }
  if (!info.isFile()) {
    throw new CliError(`not a file: ${path}${info.isDirectory() ? ' (a directory)' : ''}`);
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new CliError(`cannot read ${path}: permission denied`);
  }
  // S3 refuses an empty upload (content-length-range starts at 1), so the CLI says it before asking.
  if (info.size === 0) throw new CliError(`${path} is empty (0 bytes): there is nothing to import`);
  return { size: info.size };
};

const importRequest = (fileName: string, options: CliOptions) => ({
  fileName,
  source: 'cli',
  ...(options.mode ? { mode: options.mode } : {}),
  ...(options.dryRun ? { dryRun: true } : {}),
  ...(options.defaultCountry ? { defaultCountry: options.defaultCountry } : {}),
  ...(options.mapping ? { mapping: options.mapping } : {}),
  ...(options.encoding ? { encoding: options.encoding } : {}),
  ...(options.delimiter ? { delimiter: options.delimiter } : {}),
});

const registerImport = async (
  api: ApiClient,
  fileName: string,
  options: CliOptions,
): Promise<CreatedImport> => {
  try {
    return await api.postJson<CreatedImport>('/imports', importRequest(fileName, options));
  } catch (error) {
    // The API checks the options (mode, country, --map fields): its 400 is a usage error, said its way.
    if (error instanceof ApiError && error.status === 400) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
};

const isTransient = (error: unknown) =>
  (error instanceof ApiError && error.status >= 500) || error instanceof ApiUnreachableError;

const waitForImport = async (
  api: ApiClient,
  importId: string,
  onPoll: (summary: ImportSummary) => void,
  note: (line: string) => void,
): Promise<ImportSummary> => {
  const since = Date.now();
  let delay = POLL_MIN_MS;
  let failures = 0;
  let noted = false;
  for (;;) {
    let summary: ImportSummary;
    try {
      summary = await api.getJson<ImportSummary>(`/imports/${importId}`);
      failures = 0;
    } catch (error) {
      if (!isTransient(error) || ++failures > POLL_RETRIES) throw error;
      await sleep(POLL_MAX_MS * failures);
      continue;
    }
    onPoll(summary);
    if (summary.status === 'completed' || summary.status === 'failed') return summary;
    if (summary.status === 'pending' && !noted && Date.now() - since > PENDING_NOTICE_MS) {
      noted = true;
      note(`Import ${importId} has not started after ${PENDING_NOTICE_MS / 1000} s; still waiting…`);
    }
    await sleep(delay);
    delay = Math.min(POLL_MAX_MS, Math.round(delay * 1.5));
  }
};

export const importFile: Command = async (context) => {
  const { options, io } = context;
  const path = context.args[0] ?? '';
  const { size } = await inspectFile(path);
  const progress = io.interactive && !options.json ? new ProgressLine(io.stderr) : undefined;
  const summary = await withApiSession(context, async (session) => {
    const created = await registerImport(session.api, basename(path), options);
    if (size > created.maxBytes) {
      throw new CliError(
        `${path} has ${formatBytes(size)}; the API takes files of at most ${formatBytes(created.maxBytes)}`,
      );
    }
    // Once the file is up, the import runs on the server: stopping the CLI only stops the waiting.
    const stopWaiting = () => {
      progress?.clear();
      io.note(
        `\nStopped waiting. Import ${created.importId} goes on; see it with: ${commandPrefix(options)} imports ${created.importId}`,
      );
      process.exit(EXIT.interrupted);
    };
    try {
      await uploadWithPresignedPost(created.upload, { path, name: basename(path), size }, (sent) =>
        progress?.update(formatUploadProgress(sent, size)),
      );
      progress?.update(formatUploadProgress(size, size), true);
      // A stack started by this process stops with it: there Ctrl-C keeps its default meaning.
      if (!session.inProcess) process.once('SIGINT', stopWaiting);
      return await waitForImport(
        session.api,
        created.importId,
        (polled) => progress?.update(formatImportProgress(polled)),
        (line) => {
          progress?.clear();
          io.note(line);
        },
      );
    } finally {
      process.removeListener('SIGINT', stopWaiting);
      progress?.clear();
    }
  });
  await io.write(
    options.json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : renderSummary(summary, { commandPrefix: commandPrefix(options) }),
  );
  return summary.status === 'failed' ? EXIT.failure : EXIT.ok;
};
