import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/import-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

const file = (rows: number, company: string) => {
  const lines = ['Email,Phone,First Name,Last Name,Company,Tags'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `person${i}@example.com,+1 212 555 ${String(i).padStart(4, '0')},Given${i},Family${i},${company},t${i % 4}`,
    );
  }
  return `${lines.join('\n')}\n`;
};

const total = (requests: Map<string, number>) => [...requests.values()].reduce((a, b) => a + b, 0);

describe('DynamoDB requests per 1,000 rows', () => {
  it('stays within 80 requests for 1,000 new contacts and for 1,000 updates', async () => {
    // Prepare
    const ws = 'budget';
    h.requests.clear();
    // Act
    const created = await h.importCsv(file(1000, 'Acme'), { workspaceId: ws });
    const createRequests = new Map(h.requests);
    h.requests.clear();
    const updated = await h.importCsv(file(1000, 'Globex'), { workspaceId: ws });
    const updateRequests = new Map(h.requests);
    // Assess
    expect(created.summary.counts.created).toBe(1000);
    expect(updated.summary.counts.updated).toBe(1000);
    console.log(
      `DynamoDB requests per 1,000 rows: new contacts ${total(createRequests)} ${JSON.stringify(Object.fromEntries(createRequests))}; updates ${total(updateRequests)} ${JSON.stringify(Object.fromEntries(updateRequests))}`,
    );
    expect(total(createRequests)).toBeLessThanOrEqual(80);
    expect(total(updateRequests)).toBeLessThanOrEqual(80);
  });
});
