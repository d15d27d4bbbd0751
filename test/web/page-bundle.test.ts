// The page takes only types from the server's code: nothing of shared/ (nor zod) is bundled into it.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the page bundle', () => {
  it('holds the page s own modules only, though it imports the options names as types', async () => {
    // Act
    const result = await build({
      entryPoints: [join(repo, 'web/src/main.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    // Assess
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('web/src/api.ts');
    expect(inputs.filter((path) => !path.startsWith('web/src/'))).toEqual([]);
  });
});
