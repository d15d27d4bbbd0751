// One browser test file's world: the page built afresh, the local stack serving it, a workspace key, Chromium on it.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../../local/stack.js';
import { createApiKey } from '../../../shared/auth/api-keys.js';
import { type ApiClient, createApiClient } from '../../support/api-client.js';
import { launchChromium } from './chromium.js';
import { REPO } from './repo-paths.js';

/** Where the page keeps the key (web/src/views/key-view.ts). */
const KEY_STORAGE = 'contacts-import.apiKey';

export interface PageSession {
  stack: LocalStack;
  /** The API as another system sees it, with the workspace's key: to prepare and check what the page did. */
  api: ApiClient;
  apiKey: string;
  workspace: string;
  browser: Browser;
  page: Page;
  /** A folder for the files the test chooses in the page; removed at the end. */
  files: string;
  /** Uncaught errors of the page's script: a test may assert there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface PageSessionOptions {
  /** The upload limit of the stack (small makes a "too large" file cheap). */
  maxBytes?: number;
  /** The workspace the key opens; each test file has its own stack, so the name only shows. */
  workspace?: string;
  /** The key is in the browser before the page loads: the page opens on the workspace. */
  signedIn?: boolean;
  /** More of the stack's options (small `batchRows`: an import moves in many steps; `revertWindowDays`). */
  stack?: Pick<LocalStackOptions, 'batchRows' | 'invocationMs' | 'revertWindowDays'>;
}

/** Builds the page into a folder of its own (test files run side by side), starts the stack and opens the page. */
export const openPageSession = async (options: PageSessionOptions = {}): Promise<PageSession> => {
  const webRoot = mkdtempSync(join(tmpdir(), 'page-build-'));
  const files = mkdtempSync(join(tmpdir(), 'page-files-'));
  execFileSync(process.execPath, [join(REPO, 'web/build.mjs'), webRoot], { cwd: REPO, stdio: 'inherit' });
  const stack = await startLocalStack({
    port: 0,
    quiet: true,
    webRoot,
    ...options.stack,
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  });
  const workspace = options.workspace ?? 'acme';
  const { apiKey } = await createApiKey(stack.apiKeys, workspace);
  const api = createApiClient(stack.apiUrl ?? '', apiKey);

  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  if (options.signedIn) {
    // Once per tab: after "Forget the key" and a reload the page must stay signed out.
    await context.addInitScript({
      content: `if (!sessionStorage.getItem('signed-in')) {
        localStorage.setItem(${JSON.stringify(KEY_STORAGE)}, ${JSON.stringify(apiKey)});
        sessionStorage.setItem('signed-in', 'yes');
      }`,
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(stack.apiUrl ?? '');
  if (options.signedIn) await page.locator('#workspace').waitFor();

  return {
    stack,
    api,
    apiKey,
    workspace,
    browser,
    page,
    files,
    pageErrors,
    close: async () => {
      await browser.close();
      await stack.stop();
      rmSync(files, { recursive: true, force: true });
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
};
