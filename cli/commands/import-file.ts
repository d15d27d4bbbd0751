// `import FILE`: registers the import (POST /imports, source "cli", its size announced: an empty file too, which
// the import fails `empty_file`), uploads with the presigned POST, follows the import to its end and prints its
// summary. Exit 0 completed, 1 failed, 3 stopped waiting (deadline or no progress), 130/143 on a signal.

import { access, constants, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ImportSummary } from '../../shared/import/import-record.js';
import type { GivenImportOptions } from '../../shared/options/read-import-options.js';
import { type ApiClient, ApiError, type CreatedImport } from '../api-client.js';
import { CliError, EXIT, type ExitCode, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { addImportFlags, type ImportFlags, importOptionsOfFlags } from '../import-flags.js';
import { jsonOption, valueOption, workspaceOption } from '../option-values.js';
import { uploadWithPresignedPost } from '../presigned-upload.js';
import { formatBytes, formatImportProgress, formatUploadProgress, ProgressLine } from '../progress-bar.js';
import { renderSummary } from '../render-summary.js';
import { StoppedWaiting, type StopReason, unlessStopped, waitForImport } from '../wait-for-import.js';
import { type ApiTarget, apiTarget, commandPrefix, withApiSession } from './command-context.js';

/** Without progress for this long, the CLI stops waiting (the import goes on): it never waits silently. */
export const DEFAULT_STALL_SECONDS = 600;

const SUMMARY = 'import a CSV file and print its summary';
const DETAILS = [
  'Uploads FILE, waits for the import to finish (a progress bar on a terminal) and prints its summary.',
  'Exit code: 0 when the import completed (row errors included), 1 when it failed, 2 on bad usage,',
  '3 when the waiting stopped before the import ended (--timeout passed, or no progress for',
  '--stall-timeout): the summary so far is printed and the import goes on; 130 on Ctrl-C, 143 on SIGTERM.',
  '--map splits on the last "=": the header may contain "=", a field name never does.',
  '--map "Title=job_title:if-empty" gives the column its own overwrite policy (always, if-empty or never),',
  'which wins over --overwrite for that column.',
  'Rows that errored or were skipped are in the error report: contacts-import errors ID.',
].join('\n');

type ImportCommandFlags = ImportFlags & {
  workspace?: string;
  json?: boolean;
  timeout?: number;
  stallTimeout?: number;
};

const seconds = (flag: string) => (value: string) => {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(parsed > 0)) {
    throw new UsageError(`${flag} takes a number of seconds above 0; got "${value}"`, 'import');
  }
  return parsed;
};

/** The file as the import needs it: there, a regular file, readable. An empty one is the import's to refuse. */
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
  return { size: info.size };
};

/** The API checks the options (mode, country, --map fields): its 400 is a usage error, said its way. */
const asUsage = (error: unknown): never => {
  if (error instanceof ApiError && error.status === 400) throw new CliError(error.message, EXIT.usage);
  throw error;
};

const registerUpload = (api: ApiClient, fileName: string, fileSize: number, options: GivenImportOptions) =>
  api.postJson<CreatedImport>('/imports', { fileName, fileSize, source: 'cli', ...options }).catch(asUsage);

const describeStop = (reason: StopReason): string => {
  if (reason.kind === 'deadline') return `the deadline (--timeout ${reason.seconds}) passed`;
  if (reason.kind === 'stalled') return `the import made no progress for ${reason.seconds} s`;
  return `${reason.signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} came`;
};

const stopCode = (reason: StopReason): ExitCode => {
  if (reason.kind !== 'signal') return EXIT.stoppedWaiting;
  return reason.signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
};

const printSummary = (target: ApiTarget, summary: ImportSummary) =>
  target.io.write(
    target.json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : renderSummary(summary, { commandPrefix: commandPrefix(target) }),
  );

export const importFile = async (
  target: ApiTarget,
  path: string,
  options: GivenImportOptions,
  limits: { timeoutSeconds?: number; stallSeconds: number },
): Promise<ExitCode> => {
  const { io } = target;
  const { size } = await inspectFile(path);
  const fileName = basename(path);
  const progress = io.interactive && !target.json ? new ProgressLine(io.stderr) : undefined;
  const stop = new AbortController();
  // Until the session is open (a local stack takes seconds to start) nothing waits on `stop`: end at once.
  let inSession = false;
  const stopWaiting = (reason: StopReason) => {
    if (inSession) {
      stop.abort(new StoppedWaiting(reason));
      return;
    }
    io.note(`contacts-import: stopped (${describeStop(reason)}) before an import was registered.`);
    process.exit(stopCode(reason));
  };
  const deadline =
    limits.timeoutSeconds === undefined
      ? undefined
      : setTimeout(
          () => stopWaiting({ kind: 'deadline', seconds: limits.timeoutSeconds ?? 0 }),
          limits.timeoutSeconds * 1000,
        );
  const onSigint = () => stopWaiting({ kind: 'signal', signal: 'SIGINT' });
  const onSigterm = () => stopWaiting({ kind: 'signal', signal: 'SIGTERM' });
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  let importId: string | undefined;
  let last: ImportSummary | undefined;
  try {
    return await withApiSession(target, async (session) => {
      inSession = true;
      try {
        const created = await unlessStopped(
          registerUpload(session.api, fileName, size, options),
          stop.signal,
        );
        importId = created.importId;
        if (size > created.maxBytes) {
          throw new CliError(
            `${path} has ${formatBytes(size)}; the API takes files of at most ${formatBytes(created.maxBytes)}`,
          );
        }
        await unlessStopped(
          uploadWithPresignedPost(
            created.upload,
            { path, name: fileName, size },
            (sent) => progress?.update(formatUploadProgress(sent, size)),
            stop.signal,
          ),
          stop.signal,
        );
        progress?.update(formatUploadProgress(size, size), true);
        const summary = await waitForImport(session.api, created.importId, {
          stop,
          stallMs: limits.stallSeconds * 1000,
          onPoll: (polled) => {
            last = polled;
            progress?.update(formatImportProgress(polled));
          },
          note: (line) => {
            progress?.clear();
            io.note(line);
          },
        });
        progress?.clear();
        await printSummary(target, summary);
        // Only a completed import is done: one failed, cancelled (by `cancel ID` meanwhile) or expired is not.
        return summary.status === 'completed' ? EXIT.ok : EXIT.failure;
      } catch (error) {
        if (!(error instanceof StoppedWaiting)) throw error;
        progress?.clear();
        // Once the file is up, the import runs on the server: stopping the CLI only stops the waiting.
        const where = session.inProcess
          ? ` It stops with this command's local stack and resumes when one runs again on this data dir (\`${commandPrefix(target)} serve\`).`
          : ` It goes on; see it with: ${commandPrefix(target)} imports ${importId}`;
        io.note(
          importId === undefined
            ? `contacts-import: stopped waiting (${describeStop(error.reason)}) before an import was registered.`
            : `contacts-import: stopped waiting (${describeStop(error.reason)}): import ${importId} is ${last?.status ?? 'pending'}.${where}`,
        );
        if (last) await printSummary(target, last);
        const code = stopCode(error.reason);
        // A stack started by this process would finish the import before stopping: the process ends now instead.
        if (session.inProcess) process.exit(code);
        return code;
      }
    });
  } finally {
    if (deadline) clearTimeout(deadline);
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
    progress?.clear();
  }
};

export const registerImportCommand = (parent: Command, scope: CliScope): Command =>
  addImportFlags(
    parent
      .command('import')
      .summary(SUMMARY)
      .description(`Import a CSV file and print its summary.\n\n${DETAILS}`)
      .usage(
        'FILE [--workspace W] [--mode M] [--dry-run] [--default-country CC] [--map "Header=field"]… [--timeout S] [--json]',
      )
      .argument('<FILE>', 'the CSV file')
      .addOption(workspaceOption()),
  )
    .addOption(
      valueOption(
        '--timeout <SECONDS>',
        'stop waiting after this long (default: no deadline)',
        seconds('--timeout'),
      ),
    )
    .addOption(
      valueOption(
        '--stall-timeout <SECONDS>',
        `stop waiting when the import makes no progress for this long (default ${DEFAULT_STALL_SECONDS})`,
        seconds('--stall-timeout'),
      ),
    )
    .addOption(jsonOption())
    .action(async (file: string, flags: ImportCommandFlags, command: Command) => {
      const target = apiTarget(scope, command, flags);
      scope.exitCode = await importFile(target, file, importOptionsOfFlags(flags), {
        ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
        stallSeconds: flags.stallTimeout ?? DEFAULT_STALL_SECONDS,
      });
    });
