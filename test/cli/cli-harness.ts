// Runs the real `contacts-import` as a person would (node bin/contacts-import.js, repo root as cwd), and `serve`.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a person's shell: no endpoints or key that would send the CLI elsewhere. */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env = { ...process.env, ...extra };
  for (const name of [
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_ENDPOINT_URL_S3',
    'CONTACTS_IMPORT_API_KEY',
    'NODE_OPTIONS',
  ]) {
    if (!(name in extra)) delete env[name];
  }
  return env;
};

export const runCli = (
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/contacts-import.js', ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`contacts-import ${args.join(' ')} ran over ${options.timeoutMs ?? 90_000} ms\n${stderr}`),
      );
    }, options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });

export interface ServeProcess {
  apiUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** `contacts-import serve --port 0` on a data dir: resolves once its stack.json names this very process. */
export const startServe = async (dataDir: string, timeoutMs = 120_000): Promise<ServeProcess> => {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/contacts-import.js', 'serve', '--port', '0', '--data-dir', dataDir],
    { cwd: REPO_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  // The handlers log every request: keep the pipes drained, and the tail for a failure message.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  const stackFile = join(dataDir, 'stack.json');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}\n${output}`);
    if (existsSync(stackFile)) {
      try {
        const running = JSON.parse(readFileSync(stackFile, 'utf8')) as { pid: number; apiUrl: string };
        if (running.pid === child.pid) return { apiUrl: running.apiUrl, dataDir, stop };
      } catch {
        // Half written: read it again.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`serve did not start within ${timeoutMs} ms\n${output}`);
};

export const makeTempDir = (prefix: string): { path: string; remove(): void } => {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/** Writes a file into `dir` and returns its path. */
export const writeFile = (dir: string, name: string, content: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
