// What a serving local stack leaves in its data folder, read cheaply by the CLI before it decides to start one.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const TABLE_NAME = 'contacts-import';
export const BUCKET_NAME = 'contacts-import';

/** The file a serving stack leaves in its data folder, so that the CLI can use it instead of starting another. */
export const stackFile = (dataDir: string) => join(resolve(dataDir), 'stack.json');

export interface RunningStack {
  pid: number;
  apiUrl: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
}

export const readRunningStack = (dataDir: string): RunningStack | undefined => {
  const file = stackFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const running = JSON.parse(readFileSync(file, 'utf8')) as RunningStack;
    process.kill(running.pid, 0);
    return running;
  } catch {
    return undefined;
  }
};
