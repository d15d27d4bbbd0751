// Starts AWS's DynamoDB Local (the jar shipped in amplify-dynamodb-simulator) with this machine's Java.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findFreePort } from './free-port.js';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /**
   * Whether it listens on 127.0.0.1 only. The jar itself binds every interface and has no flag for the
   * address: a small launcher (compiled once with the JDK's javac) binds it to loopback; with a JRE only,
   * it is reachable from the network (README "Local stack").
   */
  loopbackOnly: boolean;
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

const simulatorDir = (): string => {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('amplify-dynamodb-simulator/package.json'));
};

const LAUNCHER_SOURCE = fileURLToPath(new URL('./loopback-dynamodb-local.java', import.meta.url));
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

/**
 * The folder of the compiled loopback launcher, compiled on first use into node_modules/.cache (keyed by the
 * source, so an edit recompiles); undefined when there is no javac (a JRE only) or it fails.
 */
const loopbackLauncher = async (jar: string): Promise<string | undefined> => {
  const source = readFileSync(LAUNCHER_SOURCE);
  const version = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cache = join(dirname(simulatorDir()), '.cache', 'contacts-import');
  const dir = join(cache, `dynamodb-local-launcher-${version}`);
  if (existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) return dir;
  try {
    mkdirSync(cache, { recursive: true });
    // Compiled aside and renamed into place: two processes starting at once never see half a class.
    const building = mkdtempSync(join(cache, 'building-'));
    try {
      const javac = (release: string[]) =>
        promisify(execFile)('javac', [...release, '-nowarn', '-cp', jar, '-d', building, LAUNCHER_SOURCE]);
      // Bytecode for Java 8 runs on any Java DynamoDB Local runs on; a javac that no longer targets 8 targets its own.
      await javac(['--release', '8']).catch(() => javac([]));
      renameSync(building, dir);
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
  } catch {
    // No javac, or a concurrent start renamed its build first.
  }
  return existsSync(join(dir, `${LAUNCHER_CLASS}.class`)) ? dir : undefined;
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
  const dir = join(simulatorDir(), 'emulator');
  const jar = join(dir, 'DynamoDBLocal.jar');
  const launcher = await loopbackLauncher(jar);
  const main = launcher ? ['-cp', `${launcher}${delimiter}${jar}`, LAUNCHER_CLASS] : ['-jar', jar];
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
      // The JVM's heap: 1 GB for tests; a bench of millions of rows may need more (DYNAMODB_LOCAL_HEAP=4g).
      `-Xmx${process.env.DYNAMODB_LOCAL_HEAP ?? '1g'}`,
      ...main,
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
    loopbackOnly: launcher !== undefined,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin?.end();
      }),
  };
};
