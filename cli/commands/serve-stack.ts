// `serve`: the local stack (DynamoDB Local, the S3 emulator, the HTTP API and the web page) until Ctrl-C.

import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError, EXIT, UsageError } from '../cli-errors.js';
import type { CliScope } from '../cli-scope.js';
import { DEFAULT_DATA_DIR, markLocalOnly, readGlobalOptions } from '../global-options.js';
import { checkJavaForLocalStack, findRunningStack } from '../local-session.js';
import { valueOption } from '../option-values.js';
import { shellWord } from '../shell-word.js';

export const DEFAULT_PORT = 3000;

const WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The stack's HTTP server has no error listener: a port in use is found out before starting anything. */
const checkPortFree = (port: number): Promise<void> =>
  new Promise((done, fail) => {
    if (port === 0) return done();
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new CliError(`port ${port} is in use: stop what uses it, or pick another port with --port`)
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });

const parsePort = (value: string): number => {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`--port takes a port number from 0 to 65535; got "${value}"`, 'serve');
  }
  return port;
};

export const serveStack = async (scope: CliScope, options: { dataDir: string; port: number }) => {
  const { io } = scope;
  const dataDir = resolve(options.dataDir);
  const { startLocalStack } = await import('../../local/stack.js');
  const running = await findRunningStack(dataDir);
  if (running) {
    throw new CliError(
      `a local stack already serves ${dataDir} at ${running.apiUrl} (process ${running.pid}); stop it first, or use another --data-dir`,
    );
  }
  await checkPortFree(options.port);
  checkJavaForLocalStack();
  const webRoot = existsSync(WEB_ROOT) ? WEB_ROOT : undefined;
  io.note(`Starting the local stack in ${dataDir}…`);
  const stack = await startLocalStack({ dataDir, port: options.port, ...(webRoot ? { webRoot } : {}) });
  const apiUrl = stack.apiUrl ?? '';
  const dataDirFlag = options.dataDir === DEFAULT_DATA_DIR ? '' : ` --data-dir ${shellWord(options.dataDir)}`;
  await io.write(
    [
      '',
      `Contacts import: local stack ready`,
      `  API        ${apiUrl}`,
      ...(webRoot ? [`  Web page   ${apiUrl}/`] : []),
      `  Data       ${dataDir}`,
      '',
      'In another terminal:',
      `  npx contacts-import${dataDirFlag} import examples/contacts.csv     (the CLI uses this stack and its own key)`,
      `  npx contacts-import${dataDirFlag} api-key create --workspace default   (a key for the web page or curl)`,
      `  curl -H "Authorization: Bearer <key>" ${apiUrl}/imports`,
      '',
      'Logs follow. Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  io.note('Stopping the local stack…');
  await stack.stop();
  return EXIT.ok;
};

export const registerServeCommand = (parent: Command, scope: CliScope): Command =>
  markLocalOnly(
    parent
      .command('serve')
      .summary('run the local stack: the HTTP API and the web page, until Ctrl-C')
      .description('Run the local stack: the HTTP API and the web page, until Ctrl-C.')
      .usage('[--port 3000]'),
  )
    .addOption(
      valueOption('--port <PORT>', `the HTTP port (default ${DEFAULT_PORT}; 0: any free port)`, parsePort),
    )
    .action(async (flags: { port?: number }, command: Command) => {
      const { dataDir } = readGlobalOptions(command, scope.env, 'serve');
      scope.exitCode = await serveStack(scope, { dataDir, port: flags.port ?? DEFAULT_PORT });
    });
