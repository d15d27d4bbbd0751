import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run bench', () => {
  it('runs every phase on a few hundred rows and reports figures for each', async () => {
    // Act
    const { stdout } = await run('node', ['--import', 'tsx', 'scripts/bench.ts', '--rows', '300', '--json'], {
      cwd: process.cwd(),
      timeout: 170_000,
      maxBuffer: 10 * 1024 * 1024,
    });
    // Assess
    const report = JSON.parse(stdout);
    expect(report.rows).toBe(300);
    for (const phase of ['parse', 'dryRun', 'import', 'writeLimit']) {
      expect(report[phase].rowsPerSecond).toBeGreaterThan(0);
    }
    expect(report.import.counts.rows).toBe(300);
    expect(report.dryRun.counts).toEqual(report.import.counts);
    expect(report.import.requestsPer1000Rows).toBeGreaterThan(0);
    expect(report.ratios.importToWriteLimit).toBeGreaterThan(0);
  }, 180_000);
});
