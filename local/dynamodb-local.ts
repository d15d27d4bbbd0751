// Starts AWS's DynamoDB Local (the jar shipped in amplify-dynamodb-simulator) with this machine's Java.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { findFreePort } from './free-port.js';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep the data in this folder; in memory when absent. */
  dataDir?: string;
  port?: number;
}

/**
 * Runs Java tied to this process: when its stdin closes — `stop()`, or this process dying in any way, even
 * SIGKILL — Java is killed, so no DynamoDB Local outlives the tests or the stack that started it. (A background
 * job's stdin is /dev/null in a shell without job control: the watcher reads this process's pipe as fd 3.)
 */
const TIED_TO_STDIN =
  'exec 3<&0; java "$@" </dev/null & pid=$!; (read -r _closed <&3; kill "$pid" 2>/dev/null) & wait "$pid"';

const emulatorDir = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
};

const waitForPort = async (
  port: number,
  child: ChildProcess,
  timeoutMs: number,
  spawnError: () => Error | undefined,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    if (spawnError())
      throw new Error(`DynamoDB Local could not start: ${spawnError()?.message} (is Java installed?)`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'GET' });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer on port ${port} within ${timeoutMs} ms`);
};

export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  const dir = emulatorDir();
  const port = options.port ?? (await findFreePort());
  const storage = options.dataDir ? ['-dbPath', resolve(options.dataDir), '-sharedDb'] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'sh',
    [
      '-c',
      TIED_TO_STDIN,
      'dynamodb-local',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-Xmx1g',
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-port',
      String(port),
    ],
    // DynamoDB Local writes a metadata file into its working directory.
    { cwd: options.dataDir ? resolve(options.dataDir) : dir, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let spawnError: Error | undefined;
  // A missing `java` is an 'error' event, not an exit: without a listener it would crash the process.
  child.on('error', (error) => {
    spawnError = error;
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitForPort(port, child, 30_000, () => spawnError);
  } catch (error) {
    child.stdin?.end();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin?.end();
      }),
  };
};
