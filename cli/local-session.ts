// Where a command's API lives: a deployed one (--api), the `serve` running on the data dir, or a stack started for it.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { RunningStack } from '../local/running-stack.js';
import type { ApiKeyStore } from '../shared/ports/api-key-store.js';
import { type ApiClient, createApiClient } from './api-client.js';
import { CliError } from './cli-errors.js';
import { localApiKey } from './cli-keys.js';
import { DEFAULT_WORKSPACE } from './option-values.js';

export interface ApiSession {
  api: ApiClient;
  /** The stack runs in this process (started for the command): it stops when the command ends. */
  inProcess: boolean;
  close(): Promise<void>;
}

export interface LocalStackHandle {
  apiUrl?: string;
  apiKeys: ApiKeyStore;
  /** Whether this process started the stack (and stops it on close) or attached to a running `serve`. */
  started: boolean;
  close(): Promise<void>;
}

export interface SessionOptions {
  dataDir: string;
  api?: string;
  apiKey?: string;
  workspace?: string;
  /** A line for the person at the terminal (starting the stack takes a few seconds). */
  notice?: (line: string) => void;
}

/**
 * DynamoDB Local is a Java program: without Java it would fail after a long wait, or crash the process.
 * Not needed when AWS_ENDPOINT_URL_DYNAMODB names a DynamoDB that runs elsewhere.
 */
export const checkJavaForLocalStack = (): void => {
  if (process.env.AWS_ENDPOINT_URL_DYNAMODB) return;
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error) {
    throw new CliError(
      'the local stack needs Java (DynamoDB Local runs on it) and `java` is not on the PATH: install a JRE, set AWS_ENDPOINT_URL_DYNAMODB to a running DynamoDB Local, or use --api with a deployed API',
    );
  }
};

/** A stack.json can outlive its `serve` (a kill -9, a reboot) and its pid be reused: ask the API itself. */
const isAnswering = async (apiUrl: string): Promise<boolean> => {
  try {
    const response = await fetch(`${apiUrl}/template`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
};

/** The `serve` (or another command's stack) running on the data dir and answering, if any. */
export const findRunningStack = async (dataDir: string): Promise<RunningStack | undefined> => {
  const { readRunningStack } = await import('../local/running-stack.js');
  const running = readRunningStack(dataDir);
  return running && (await isAnswering(running.apiUrl)) ? running : undefined;
};

/**
 * The local stack for one command: the `serve` running on the same data dir when there is one, else
 * one started in this process (DynamoDB Local and the S3 emulator on free ports) and stopped by close().
 */
export const openLocalStack = async (
  dataDir: string,
  options: { serveApi: boolean; notice?: (line: string) => void },
): Promise<LocalStackHandle> => {
  // Loaded only here: --help and --api need none of the local stack's modules.
  const { startLocalStack, TABLE_NAME } = await import('../local/stack.js');
  const running = await findRunningStack(dataDir);
  if (running) {
    const { createAwsClients } = await import('../shared/adapters/aws-clients.js');
    const { DynamoDbApiKeyStore } = await import('../shared/adapters/dynamodb/dynamodb-api-key-store.js');
    // The local stack's own credentials rule: DynamoDB Local keeps one database per key pair unless shared.
    const { localCredentials } = await import('../local/local-credentials.js');
    const { documentClient, s3 } = createAwsClients({
      region: 'us-east-1',
      dynamoEndpoint: running.dynamoEndpoint,
      credentials: localCredentials(),
    });
    return {
      apiUrl: running.apiUrl,
      apiKeys: new DynamoDbApiKeyStore(documentClient, TABLE_NAME),
      started: false,
      close: async () => {
        documentClient.destroy();
        s3.destroy();
      },
    };
  }
  checkJavaForLocalStack();
  options.notice?.(
    `Starting the local stack in ${resolve(dataDir)} (keep one running with \`contacts-import serve\` to skip this)…`,
  );
  const stack = await startLocalStack({ dataDir, quiet: true, ...(options.serveApi ? { port: 0 } : {}) });
  return {
    ...(stack.apiUrl ? { apiUrl: stack.apiUrl } : {}),
    apiKeys: stack.apiKeys,
    started: true,
    close: () => stack.stop(),
  };
};

export const openApiSession = async (options: SessionOptions): Promise<ApiSession> => {
  if (options.api) {
    return {
      api: createApiClient({
        baseUrl: options.api,
        apiKey: options.apiKey ?? '',
        unreachableHint: 'check --api and your network',
      }),
      inProcess: false,
      close: async () => undefined,
    };
  }
  const stack = await openLocalStack(options.dataDir, {
    serveApi: true,
    ...(options.notice ? { notice: options.notice } : {}),
  });
  try {
    const apiKey =
      options.apiKey ??
      (await localApiKey(stack.apiKeys, options.dataDir, options.workspace ?? DEFAULT_WORKSPACE));
    return {
      api: createApiClient({
        baseUrl: stack.apiUrl ?? '',
        apiKey,
        unreachableHint: stack.started
          ? 'the local stack stopped'
          : `is \`contacts-import serve\` still running on ${resolve(options.dataDir)}?`,
      }),
      inProcess: stack.started,
      close: () => stack.close(),
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
};
