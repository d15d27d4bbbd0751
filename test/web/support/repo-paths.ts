// Paths the browser tests use: the repository, and docs/screenshots where they write the page's pictures.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCREENSHOTS = resolve(REPO, 'docs/screenshots');
