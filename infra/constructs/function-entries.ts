// Where each Lambda's code starts: one constant map, checked before bundling so a missing file fails clearly.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: esbuild's project root, where package-lock.json and tsconfig.json live. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const FUNCTION_NAMES = ['authorizer', 'upload-url', 'import', 'results'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Each entry exports `handler`. */
export const FUNCTION_ENTRIES: Readonly<Record<FunctionName, string>> = {
  authorizer: join(REPO_ROOT, 'functions/authorizer/handler.ts'),
  'upload-url': join(REPO_ROOT, 'functions/upload-url/handler.ts'),
  import: join(REPO_ROOT, 'functions/import/handler.ts'),
  results: join(REPO_ROOT, 'functions/results/handler.ts'),
};

/** The entries, after checking that each exists: a missing handler fails synthesis naming the file. */
export const resolveEntries = (
  entries: Readonly<Record<FunctionName, string>> = FUNCTION_ENTRIES,
): Record<FunctionName, string> => {
  const missing = FUNCTION_NAMES.filter((name) => !existsSync(entries[name]));
  if (missing.length > 0) {
    throw new Error(
      `Lambda entry file(s) missing: ${missing.map((name) => `${name} → ${entries[name]}`).join('; ')}. ` +
        'Each function needs functions/<name>/handler.ts exporting `handler`.',
    );
  }
  return { ...entries };
};
