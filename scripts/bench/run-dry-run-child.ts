// Runs the dry-run phase in a child Node process, bundled by esbuild as the import Lambda is
// (infra/constructs/node-function.ts), so that its memory is the engine's alone: no tsx loader, no
// generator, no in-process S3 emulator.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DRY_RUN_JOB_VARIABLE, type DryRunChildReport, type DryRunJob } from './dry-run-job.js';

const CHILD_ENTRY = fileURLToPath(new URL('./dry-run-child.ts', import.meta.url));

/** One ESM file with its dependencies, minified, with a source map: what Lambda loads. */
const bundleChild = async (outfile: string): Promise<void> => {
  await build({
    entryPoints: [CHILD_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';const require=__createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
};

/** Splits `--dry-run-node-options` into node flags. */
export const parseNodeOptions = (text: string): string[] => {
  const flags = text.split(/\s+/).filter((flag) => flag !== '');
  const wrong = flags.find((flag) => !flag.startsWith('-'));
  if (wrong) throw new Error(`--dry-run-node-options takes node flags, got "${wrong}"`);
  return flags;
};

/** Runs the job in a child process (`node <nodeFlags> --expose-gc`) and returns what it reports. */
export const runDryRunChild = async (job: DryRunJob, nodeFlags: string[]): Promise<DryRunChildReport> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-dry-run-'));
  try {
    const bundle = join(dir, 'dry-run-child.mjs');
    await bundleChild(bundle);
    // --enable-source-maps: Lambda's NODE_OPTIONS for these functions.
    const flags = [...nodeFlags, '--expose-gc', '--enable-source-maps'];
    const child = spawn(process.execPath, [...flags, bundle], {
      env: {
        ...process.env,
        [DRY_RUN_JOB_VARIABLE]: JSON.stringify(job),
        // The bench has printed the SDK's Node-version notice already.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => resolve({ code, signal }));
      },
    );
    if (code !== 0) {
      throw new Error(
        `the dry-run child process ${signal ? `was killed by ${signal}` : `exited with code ${code}`} ` +
          `(node flags: ${flags.join(' ')})`,
      );
    }
    const line = stdout.trim().split('\n').pop();
    if (!line) throw new Error('the dry-run child process reported nothing');
    return JSON.parse(line) as DryRunChildReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
