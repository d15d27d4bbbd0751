// Builds the import page into web/dist/ (or the folder given as the one argument): app.js (esbuild bundle of
// src/main.ts), app.css and index.html.

import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');

await mkdir(dist, { recursive: true });
await Promise.all([
  build({
    entryPoints: { app: join(root, 'src/main.ts') },
    outdir: dist,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  }),
  build({
    entryPoints: { app: join(root, 'styles.css') },
    outdir: dist,
    bundle: true,
    minify: true,
    logLevel: 'warning',
  }),
  copyFile(join(root, 'index.html'), join(dist, 'index.html')),
]);
