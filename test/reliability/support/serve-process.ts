// `contacts-import serve` in a child process on a data dir, as a person runs it: started, killed, stopped.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface ServeProcess {
  apiUrl: string;
  dynamoEndpoint: string;
  /** When its stack.json appeared: the stack had provisioned, recovered and was listening. */
  readyAt: number;
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  output(): string;
}

/** The environment of a person's shell: no endpoints that would send the stack elsewhere. */
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'NODE_OPTIONS']) delete env[name];
  return env;
};

export const startServe = async (dataDir: string, timeoutMs = 150_000): Promise<ServeProcess> => {
  const child = spawn(
    process.execPath,
    ['bin/contacts-import.js', 'serve', '--port', '0', '--data-dir', dataDir],
    { cwd: REPO_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  // The handlers log every request: keep the pipes drained, and the tail for a failure message.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const stackFile = join(dataDir, 'stack.json');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}\n${output}`);
    if (existsSync(stackFile)) {
      try {
        const running = JSON.parse(readFileSync(stackFile, 'utf8')) as {
          pid: number;
          apiUrl: string;
          dynamoEndpoint: string;
        };
        if (running.pid === child.pid) {
          return { ...running, readyAt: Date.now(), child, exited, output: () => output };
        }
      } catch {
        // Half written: read it again.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`serve did not start within ${timeoutMs} ms\n${output}`);
};
