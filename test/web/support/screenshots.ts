// Writes the page's screenshots into docs/screenshots/ (README.md shows them): the whole page, or one part of it.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS } from './repo-paths.js';

/** `name` without `.png`; a locator shoots that element only, a page the whole page (scrolled out). */
export const saveScreenshot = async (target: Page | Locator, name: string): Promise<string> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, fullPage: true });
  else await target.screenshot({ path });
  return path;
};
