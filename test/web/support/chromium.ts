// The Chromium the browser tests drive (playwright-core, no downloaded browser): where it is and how it starts.

import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Says once per test file why its browser tests were skipped. */
export const warnIfNoChromium = (what: string): void => {
  if (!hasChromium)
    console.warn(`${what} was skipped: Chromium is missing at ${CHROMIUM} (apt-get install chromium).`);
};

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
