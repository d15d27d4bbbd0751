// Injects AWS-shaped failures into real SDK clients through their middleware stacks, and counts them by kind.

import { Readable } from 'node:stream';
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

export type FaultKind = 'throttle' | 'conflict' | 'timeout' | 'reset' | 'reset-mid-body';
/** `before`: the request never reaches the service; `after`: the service did the work, the caller sees an error. */
export type FaultWhen = 'before' | 'after';
/** `attempt`: inside the SDK's retry loop (it may retry); `call`: what the caller sees once the SDK gave up. */
export type FaultLevel = 'attempt' | 'call';

export interface FaultTally {
  /** `kind/when/level` → number injected. */
  byKind: Map<string, number>;
  total(): number;
  add(other: FaultTally): void;
}

export const createTally = (): FaultTally => {
  const byKind = new Map<string, number>();
  return {
    byKind,
    total: () => [...byKind.values()].reduce((sum, n) => sum + n, 0),
    add: (other) => {
      for (const [key, n] of other.byKind) byKind.set(key, (byKind.get(key) ?? 0) + n);
    },
  };
};

/** A small deterministic generator (mulberry32), so a failing seed can be replayed. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const pick = <T>(random: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

const metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'injected', attempts: 1 });

const throttleError = (service: 'dynamodb' | 's3', random: () => number): Error => {
  if (service === 's3') {
    return Object.assign(new Error('Please reduce your request rate. (injected)'), {
      name: 'SlowDown',
      $fault: 'server',
      $metadata: metadata(503),
    });
  }
  if (random() < 0.5) {
    return new ProvisionedThroughputExceededException({
      message: 'The level of configured provisioned throughput for the table was exceeded (injected)',
      $metadata: metadata(400),
    });
  }
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
    name: 'ThrottlingException',
    $fault: 'client',
    $metadata: metadata(400),
  });
};

/** A transaction cancelled because another transaction touched one of its items (DynamoDB's TransactionConflict). */
const conflictError = (items: number, random: () => number): Error => {
  const conflicted = Math.floor(random() * Math.max(1, items));
  const reasons = Array.from({ length: Math.max(1, items) }, (_, i) =>
    i === conflicted
      ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
      : { Code: 'None' },
  );
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}] (injected)`,
    $metadata: metadata(400),
    CancellationReasons: reasons,
  });
};

/** What the Node.js HTTP handler throws when a socket times out or is reset. */
const timeoutError = (): Error =>
  Object.assign(new Error('Connection timed out after 1000 ms (injected)'), { name: 'TimeoutError' });

const resetError = (): Error =>
  Object.assign(new Error('read ECONNRESET (injected)'), {
    code: 'ECONNRESET',
    errno: -104,
    syscall: 'read',
  });

export interface FaultOptions {
  service: 'dynamodb' | 's3';
  random: () => number;
  /** Chance that one call fails as the caller sees it (the SDK gave up). */
  callRate: number;
  /** Chance that one attempt fails inside the SDK's retry loop (the SDK retries it). */
  attemptRate: number;
  /** Faults are injected only while this says so (set-up and checks run clean). */
  enabled: () => boolean;
  tally: FaultTally;
}

type Next = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
type Middleware = (next: Next, context: { commandName?: string }) => Next;

/** The part of an SDK client's middleware stack this module uses (the DynamoDB and S3 stacks differ in types). */
interface MiddlewareStack {
  add(
    middleware: Middleware,
    options: { step: 'initialize' | 'deserialize'; name: string; priority?: 'high' | 'low' },
  ): void;
}

/** Wraps a streamed GetObject body so that the connection "resets" part-way through it. */
const resetMidBody = (body: AsyncIterable<Uint8Array>, random: () => number): Readable => {
  const cutAfter = Math.floor(random() * 2048);
  async function* cut() {
    let seen = 0;
    for await (const chunk of body) {
      if (seen + chunk.length > cutAfter) {
        yield chunk.subarray(0, Math.max(0, cutAfter - seen));
        (body as { destroy?: () => void }).destroy?.();
        throw resetError();
      }
      seen += chunk.length;
      yield chunk;
    }
  }
  return Readable.from(cut(), { objectMode: false });
};

const discardBody = (output: Record<string, unknown>) => {
  const body = output.Body as { destroy?: () => void } | undefined;
  body?.destroy?.();
};

/**
 * Adds two middlewares to `client`: one per call (initialize step, outside the SDK's retries) and one per attempt
 * (deserialize step, inside them). Each may fail the request before it is sent or after its response arrived.
 */
export const injectFaults = (client: { middlewareStack: unknown }, options: FaultOptions): void => {
  const stack = client.middlewareStack as MiddlewareStack;
  const { random, tally, service } = options;
  const record = (kind: FaultKind, when: FaultWhen, level: FaultLevel) => {
    const key = `${service}:${kind}/${when}/${level}`;
    tally.byKind.set(key, (tally.byKind.get(key) ?? 0) + 1);
  };

  const failure = (
    level: FaultLevel,
    commandName: string,
    input: Record<string, unknown>,
  ): { when: FaultWhen; kind: FaultKind; error: () => Error } | undefined => {
    const isTransaction = /TransactWrite/.test(commandName);
    // Transactions carry the rows: they fail twice as often, to exercise conflicts and lost responses.
    const rate = (level === 'call' ? options.callRate : options.attemptRate) * (isTransaction ? 2 : 1);
    if (!options.enabled() || random() >= rate) return undefined;
    const when: FaultWhen = random() < 0.5 ? 'before' : 'after';
    const kinds: FaultKind[] =
      level === 'call' && isTransaction
        ? ['throttle', 'conflict', 'conflict', 'timeout', 'reset']
        : ['throttle', 'timeout', 'reset'];
    const kind = pick(random, kinds);
    const items = Array.isArray(input.TransactItems) ? input.TransactItems.length : 1;
    const error = () => {
      switch (kind) {
        case 'throttle':
          return throttleError(service, random);
        case 'conflict':
          return conflictError(items, random);
        case 'timeout':
          return timeoutError();
        default:
          return resetError();
      }
    };
    return { when, kind, error };
  };

  const middleware =
    (level: FaultLevel): Middleware =>
    (next, context) =>
    async (args) => {
      const commandName = context.commandName ?? '';
      const fault = failure(level, commandName, args.input);
      if (fault?.when === 'before') {
        record(fault.kind, 'before', level);
        throw fault.error();
      }
      const result = await next(args);
      if (fault) {
        record(fault.kind, 'after', level);
        discardBody(result.output);
        throw fault.error();
      }
      // A GetObject whose body breaks off part-way: the reader sees the reset while streaming.
      if (
        level === 'call' &&
        service === 's3' &&
        commandName.startsWith('GetObject') &&
        options.enabled() &&
        random() < options.callRate
      ) {
        const body = result.output.Body as AsyncIterable<Uint8Array> | undefined;
        if (body) {
          record('reset-mid-body', 'after', level);
          result.output.Body = resetMidBody(body, random);
        }
      }
      return result;
    };

  stack.add(middleware('call'), { step: 'initialize', name: 'injectFaultsPerCall' });
  stack.add(middleware('attempt'), {
    step: 'deserialize',
    name: 'injectFaultsPerAttempt',
    // Outside the deserializer, so that `after` sees the parsed output, and inside the retry middleware.
    priority: 'high',
  });
};

export interface OneFault {
  /** `call`: the caller sees it; `attempt`: inside the SDK's retry loop, which retries it. */
  level: FaultLevel;
  when: FaultWhen;
  /** Which request fails: the first one this matches (after `skip` matches). */
  matches: (commandName: string, input: Record<string, unknown>) => boolean;
  skip?: number;
  error: (input: Record<string, unknown>) => Error;
}

/** Fails exactly one request; `fired()` says whether it happened. */
export const injectOneFault = (
  client: { middlewareStack: unknown },
  fault: OneFault,
): { fired(): boolean } => {
  const stack = client.middlewareStack as MiddlewareStack;
  let seen = 0;
  let fired = false;
  const middleware: Middleware = (next, context) => async (args) => {
    const due = !fired && fault.matches(context.commandName ?? '', args.input) && seen++ >= (fault.skip ?? 0);
    if (!due) return next(args);
    fired = true;
    if (fault.when === 'before') throw fault.error(args.input);
    const result = await next(args);
    discardBody(result.output);
    throw fault.error(args.input);
  };
  stack.add(
    middleware,
    fault.level === 'call'
      ? { step: 'initialize', name: 'injectOneFault' }
      : { step: 'deserialize', name: 'injectOneFault', priority: 'high' },
  );
  return { fired: () => fired };
};

export const faults = {
  conflict: (input: Record<string, unknown>) =>
    conflictError(Array.isArray(input.TransactItems) ? input.TransactItems.length : 1, () => 0),
  reset: resetError,
  timeout: timeoutError,
};

/** Counts the errors the service itself returned (not injected ones), by name: real conflicts, for instance. */
export const observeErrors = (client: { middlewareStack: unknown }, seen: Map<string, number>): void => {
  const stack = client.middlewareStack as MiddlewareStack;
  const middleware: Middleware = (next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const e = error as Error;
      if (!e.message?.includes('(injected)')) seen.set(e.name, (seen.get(e.name) ?? 0) + 1);
      throw error;
    }
  };
  stack.add(middleware, { step: 'deserialize', name: 'observeErrors', priority: 'high' });
};
