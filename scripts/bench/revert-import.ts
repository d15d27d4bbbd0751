// The bench's `revert` phase: undoes the measured import through the API (POST /imports/{id}/revert), as the
// import function runs it (continued across invocations like the import), and checks what it undid.

import type { LocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';

export interface RevertFigures {
  seconds: number;
  status: string;
  counts: Record<string, number>;
  keptBy: Record<string, number>;
  invocations: number;
}

interface Summary {
  revert?: { status: string; counts: Record<string, number>; keptBy: Record<string, number> };
}

/** Starts the revert and waits until it is no longer running, `deadlineSeconds` at most. */
export const revertImport = async (
  stack: LocalStack,
  workspaceId: string,
  importId: string,
  deadlineSeconds: number,
): Promise<RevertFigures> => {
  if (!stack.apiUrl) throw new Error('the revert phase needs the stack to serve its API');
  const { apiKey } = await createApiKey(stack.apiKeys, workspaceId);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const invocationsBefore = stack.invocations();
  const started = performance.now();
  const accepted = await call('POST', `/imports/${importId}/revert`, {});
  if (accepted.status !== 202) {
    throw new Error(
      `POST /imports/${importId}/revert answered ${accepted.status}: ${JSON.stringify(accepted.body)}`,
    );
  }
  for (;;) {
    const { body } = await call('GET', `/imports/${importId}`);
    const revert = (body as Summary).revert;
    const seconds = (performance.now() - started) / 1000;
    if (revert && revert.status !== 'running') {
      await stack.idle();
      return {
        seconds,
        status: revert.status,
        counts: revert.counts,
        keptBy: revert.keptBy,
        invocations: stack.invocations() - invocationsBefore,
      };
    }
    if (seconds > deadlineSeconds) {
      return {
        seconds,
        status: 'timed_out',
        counts: revert?.counts ?? {},
        keptBy: revert?.keptBy ?? {},
        invocations: stack.invocations() - invocationsBefore,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};
