// Two imports with different tag modes (SPEC §9) on one contact at once, many rounds: the contact ends as one of
// the two orders would leave it, never a mix (no lost update, SPEC §4).

import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/import-harness.js';
import { seededRandom } from './support/faults.js';

const ROUNDS = 12;

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

/** A file of `others` rows of its own contacts with the shared contact's row at `at`. */
const fileWith = (prefix: string, others: number, at: number, sharedRow: string) => {
  const lines = ['Email,Name,Tags'];
  for (let i = 0; i < others; i++) {
    if (i === at) lines.push(sharedRow);
    lines.push(`${prefix}${i}@x.com,N${i},${prefix}`);
  }
  if (at >= others) lines.push(sharedRow);
  return `${lines.join('\n')}\n`;
};

describe('imports with tagMode replace and append racing on one contact', () => {
  it('leave the contact as replace-then-append or append-then-replace, every round', async () => {
    // Prepare
    const random = seededRandom(14);
    for (let round = 0; round < ROUNDS; round++) {
      const ws = `race-${round}`;
      await h.importCsv('Email,Name,Tags\nshared@x.com,Shared,base\n', { workspaceId: ws });
      const replace = fileWith(`r${round}-`, 12, Math.floor(random() * 13), 'shared@x.com,,R1;R2');
      const append = fileWith(`a${round}-`, 12, Math.floor(random() * 13), 'SHARED@x.com,,A1');
      // Act
      const [replaced, appended] = await Promise.all([
        h.importCsv(replace, {
          workspaceId: ws,
          options: { tagMode: 'replace' },
          batchRows: 1 + (round % 3),
        }),
        h.importCsv(append, {
          workspaceId: ws,
          options: { tagMode: 'append' },
          batchRows: 1 + ((round + 1) % 3),
        }),
      ]);
      // Assess
      expect(replaced.summary.status).toBe('completed');
      expect(appended.summary.status).toBe('completed');
      expect(replaced.summary.options.tagMode).toBe('replace');
      expect(replaced.summary.counts).toEqual({ rows: 13, created: 12, updated: 1, skipped: 0, errored: 0 });
      const contacts = await h.contacts(ws);
      expect(contacts).toHaveLength(25);
      const shared = contacts.filter((c) => c.email === 'shared@x.com');
      expect(shared).toHaveLength(1);
      const tags = JSON.stringify(shared[0]?.tags);
      // Replace first, then append: R1, R2, A1. Append first, then replace: R1, R2.
      expect([JSON.stringify(['R1', 'R2', 'A1']), JSON.stringify(['R1', 'R2'])]).toContain(tags);
      expect(appended.summary.counts).toEqual({ rows: 13, created: 12, updated: 1, skipped: 0, errored: 0 });
    }
    // Twelve rounds of two racing imports: under 20 s alone, several times that beside other suites.
  }, 180_000);
});
