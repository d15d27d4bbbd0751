// Starts s3rver, the S3 emulator, on loopback and hands out its object-created events.

import type { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { findFreePort } from './free-port.js';

/** The event s3rver emits: AWS's shape except that the key is not URL-encoded. */
export interface S3rverEvent {
  Records: Array<{
    eventName: string;
    eventTime: string;
    s3: {
      bucket: { name: string };
      object: { key: string; size?: number; eTag?: string; sequencer: string };
    };
  }>;
}

export interface S3Emulator {
  endpoint: string;
  port: number;
  onObjectEvent(listener: (event: S3rverEvent) => void): void;
  stop(): Promise<void>;
}

export interface S3EmulatorOptions {
  dataDir?: string;
  port?: number;
  buckets?: string[];
}

export const startS3Emulator = async (options: S3EmulatorOptions = {}): Promise<S3Emulator> => {
  const port = options.port ?? (await findFreePort());
  const directory = options.dataDir ?? mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [] })),
    // Presigned POSTs and SDK requests are signed with whatever credentials the client has.
    allowMismatchedSignatures: true,
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    onObjectEvent: (listener) => {
      (server as unknown as EventEmitter).on('event', listener);
    },
    stop: () => server.close(),
  };
};
