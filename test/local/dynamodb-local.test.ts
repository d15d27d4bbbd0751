// DynamoDB Local as the local stack runs it: stopped with its starter, and reachable from this machine only.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';

const answers = async (port: number): Promise<boolean> => {
  try {
    await (await fetch(`http://127.0.0.1:${port}/`)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
};

const stopsAnswering = async (port: number, withinMs: number): Promise<boolean> => {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!(await answers(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
};

/** The local addresses of the sockets listening on `port`, as the kernel lists them (/proc/net/tcp and tcp6). */
const listeningAddresses = (port: number): string[] => {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [address, localPort] = (local ?? '').split(':');
      // 0A: LISTEN.
      if (state === '0A' && localPort === hexPort && address) addresses.push(address);
    }
  }
  return addresses;
};

/** 127.0.0.1 as /proc/net/tcp writes it, and as tcp6 writes its IPv4-mapped form ::ffff:127.0.0.1. */
const LOOPBACK = ['0100007F', '0000000000000000FFFF00000100007F'];

const connects = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    const settle = (connected: boolean) => {
      socket.destroy();
      resolve(connected);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(false));
    socket.once('timeout', () => settle(false));
  });

describe('DynamoDB Local', () => {
  it("listens on 127.0.0.1 only, not on the machine's other addresses", async () => {
    // Prepare
    const local = await startDynamoDbLocal();
    try {
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address && !address.internal && address.family === 'IPv4')?.address;
      // Act
      const addresses = listeningAddresses(local.port);
      // Assess
      expect(local.loopbackOnly).toBe(true);
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.filter((address) => !LOOPBACK.includes(address))).toEqual([]);
      expect(await answers(local.port)).toBe(true);
      if (external) expect(await connects(external, local.port), `reachable at ${external}`).toBe(false);
    } finally {
      await local.stop();
    }
  }, 60_000);

  it('stops when asked', async () => {
    // Prepare
    const local = await startDynamoDbLocal();
    expect(await answers(local.port)).toBe(true);
    // Act
    await local.stop();
    // Assess
    expect(await stopsAnswering(local.port, 5_000)).toBe(true);
  }, 60_000);

  it('does not outlive a process that started it and was killed outright', async () => {
    // Prepare
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/processes/start-dynamodb-local.ts'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const port = Number(line.toString().trim());
    expect(await answers(port)).toBe(true);
    // Act
    child.kill('SIGKILL');
    // Assess
    expect(await stopsAnswering(port, 10_000)).toBe(true);
  }, 60_000);
});
