// Clients that announce bytes they never send, or never finish their headers, get an answer within seconds.

import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.js';
import { createApiKey } from '../../shared/auth/api-keys.js';

let stack: LocalStack;
let port: number;
let apiKey: string;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, quiet: true });
  port = Number(new URL(stack.apiUrl ?? '').port);
  ({ apiKey } = await createApiKey(stack.apiKeys, 'acme'));
});

afterAll(async () => {
  await stack?.stop();
});

interface RawExchange {
  /** What the server sent before it closed the connection (or the wait ran out). */
  answer: string;
  /** Milliseconds from the first byte sent to the server's first byte, or to the close when it sent none. */
  answeredAfterMs: number;
  closed: boolean;
}

/** Writes `bytes` on a raw TCP connection and sends nothing more: what a stalled or hostile client does. */
const sendAndStall = (bytes: string, waitMs: number): Promise<RawExchange> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let answer = '';
    let answeredAfterMs: number | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ answer, answeredAfterMs: answeredAfterMs ?? Date.now() - started, closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      answeredAfterMs ??= Date.now() - started;
      answer += chunk.toString('latin1');
    });
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET') finish(true);
      else reject(error);
    });
  });

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

describe('the local API with a client that holds its connection', () => {
  it('answers 413 at once to a declared Content-Length over the limit, with 14 bytes sent', async () => {
    // Act
    const exchange = await sendAndStall(
      [
        'POST /imports HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${apiKey}`,
        'Content-Type: text/csv',
        'Content-Length: 5000000000',
        '',
        'Email\na@x.com\n',
      ].join('\r\n'),
      10_000,
    );
    // Assess
    expect(statusOf(exchange.answer)).toBe(413);
    expect(exchange.answeredAfterMs).toBeLessThan(2_000);
    expect(exchange.closed, 'the server closes the connection it will not read').toBe(true);
  });

  it('answers 401 without a key before any of the body arrives', async () => {
    // Act: headers only, for a body of 1,000 bytes that never comes.
    const exchange = await sendAndStall(
      [
        'POST /imports HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: text/csv',
        'Content-Length: 1000',
        '',
        '',
      ].join('\r\n'),
      10_000,
    );
    // Assess
    expect(statusOf(exchange.answer)).toBe(401);
    expect(exchange.answeredAfterMs).toBeLessThan(2_000);
    expect(exchange.closed).toBe(true);
  });

  it('answers 403 to a refused key before any of the body arrives', async () => {
    // Act
    const exchange = await sendAndStall(
      [
        'POST /imports HTTP/1.1',
        'Host: 127.0.0.1',
        'Authorization: Bearer cik_not-a-key-this-api-gave-out',
        'Content-Type: text/csv',
        'Content-Length: 1000',
        '',
        '',
      ].join('\r\n'),
      10_000,
    );
    // Assess
    expect(statusOf(exchange.answer)).toBe(403);
    expect(exchange.answeredAfterMs).toBeLessThan(2_000);
    expect(exchange.closed).toBe(true);
  });

  it('closes a connection whose headers never end within seconds', { timeout: 20_000 }, async () => {
    // Act
    const exchange = await sendAndStall(
      ['GET /imports HTTP/1.1', 'Host: 127.0.0.1', `Authorization: Bearer ${apiKey}`, 'X-Slow: '].join(
        '\r\n',
      ),
      15_000,
    );
    // Assess: Node answers 408 and closes once the headers timeout (5 s) has passed.
    expect(exchange.closed).toBe(true);
    expect(statusOf(exchange.answer)).toBe(408);
    expect(exchange.answeredAfterMs).toBeLessThan(8_000);
  });

  it('still serves a request that sends what it declares', async () => {
    // Act
    const exchange = await sendAndStall(
      [
        'GET /imports HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${apiKey}`,
        'Connection: close',
        '',
        '',
      ].join('\r\n'),
      10_000,
    );
    // Assess
    expect(statusOf(exchange.answer)).toBe(200);
    expect(exchange.answer).toContain('"imports"');
  });
});
