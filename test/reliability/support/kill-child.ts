// Runs an engine child process (import-child.ts, revert-child.ts) and kills it with SIGKILL part-way: once it has
// reported a given number of commits on stdout (`committed N` lines), after a little jitter.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface KilledChild {
  /** False when the child ended on its own before the kill. */
  killed: boolean;
  /** The `committed` lines it wrote. */
  commits: number;
  /** The figure of its last `committed N` line (0 before any). */
  lastCommitted: number;
}

/** Runs `node --import tsx <script>` with `env` and kills it `jitterMs` after its `afterCommits`-th commit line. */
export const runAndKill = (
  script: string,
  env: Record<string, string>,
  afterCommits: number,
  jitterMs: number,
): Promise<KilledChild> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let commits = 0;
    let lastCommitted = 0;
    let stderr = '';
    let ended = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('committed ')) {
        lastCommitted = Number(line.slice('committed '.length));
        if (++commits === afterCommits) setTimeout(() => child.kill('SIGKILL'), jitterMs);
      }
      if (line.startsWith('ended ')) ended = true;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, commits, lastCommitted });
      else if (code === 0 && ended) resolve({ killed: false, commits, lastCommitted });
      else reject(new Error(`${script} exited with ${code ?? signal}: ${stderr}`));
    });
  });
