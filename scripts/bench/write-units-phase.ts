// The bench's `units` phase: the write units (WRU) and requests of one new contact with email and phone, and of
// one update by email, counted from the requests a real import makes (write-units.ts), on a workspace of its own.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../local/stack.js';
import { importFile } from './import-file.js';
import type { RequestMeter } from './meter-requests.js';
import { meterWriteUnits, type WriteUnitTotals } from './write-units.js';

const HEADER = 'First Name,Last Name,Email,Phone,Company,Job Title,Tags';

const writeCsv = async (path: string, lines: Iterable<string>) => {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
};

export interface UnitFigures {
  rows: number;
  counts: Record<string, number>;
  /** Write units per row, in all and by where they go (the import's own items are its progress and records). */
  unitsPerRow: number;
  tableUnitsPerRow: Record<string, number>;
  indexUnitsPerRow: Record<string, number>;
  requestsPer1000Rows: number;
  requestsByCommand: Record<string, number>;
  refusedWrites: number;
}

const perRow = (values: Partial<Record<string, number>>, rows: number) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(((v ?? 0) / rows).toFixed(3))]));

const figures = (
  rows: number,
  counts: Record<string, number>,
  units: WriteUnitTotals,
  requests: { requests: number; byCommand: Record<string, number> },
): UnitFigures => ({
  rows,
  counts,
  unitsPerRow: units.units / rows,
  tableUnitsPerRow: perRow(units.tableUnits, rows),
  indexUnitsPerRow: perRow(units.indexUnits, rows),
  requestsPer1000Rows: (requests.requests * 1000) / rows,
  requestsByCommand: requests.byCommand,
  refusedWrites: units.refused,
});

/** `rows` new contacts with an email and a phone each, then `rows` updates of them by email (a changed job title). */
export const measureWriteUnits = async (
  stack: LocalStack,
  requestMeter: RequestMeter,
  dir: string,
  rows: number,
): Promise<{ newContact: UnitFigures; updateByEmail: UnitFigures }> => {
  const created = join(dir, `units-new-${rows}.csv`);
  const updated = join(dir, `units-update-${rows}.csv`);
  const pad = (n: number) => String(n).padStart(6, '0');
  await writeCsv(created, [
    HEADER,
    ...Array.from(
      { length: rows },
      (_, i) => `Ana${i},Silva,unit${i}@units.example,+44 7911 ${pad(i)},Acme,Engineer,lead;customer`,
    ),
  ]);
  await writeCsv(updated, [
    HEADER,
    ...Array.from(
      { length: rows },
      (_, i) => `Ana${i},Silva,UNIT${i}@units.example,,Acme,Head of Sales,lead;customer`,
    ),
  ]);
  const credentials = await stack.documentClient.config.credentials();
  const raw = new DynamoDBClient({
    endpoint: stack.dynamoEndpoint,
    region: await stack.documentClient.config.region(),
    credentials,
  });
  const reader = DynamoDBDocumentClient.from(raw);
  const units = meterWriteUnits(stack.documentClient, reader, raw);
  try {
    const measure = async (path: string) => {
      const unitsBefore = units.snapshot();
      const requestsBefore = requestMeter.snapshot();
      units.active = true;
      const result = await importFile(stack, 'bench-units', path).finally(() => {
        units.active = false;
      });
      if (result.status !== 'completed') throw new Error(`the units import ended ${result.status}`);
      return figures(
        rows,
        result.counts as unknown as Record<string, number>,
        units.since(unitsBefore),
        requestMeter.since(requestsBefore),
      );
    };
    const newContact = await measure(created);
    if (newContact.counts.created !== rows) {
      throw new Error(`the units phase created ${newContact.counts.created} contacts of ${rows}`);
    }
    const updateByEmail = await measure(updated);
    if (updateByEmail.counts.updated !== rows) {
      throw new Error(`the units phase updated ${updateByEmail.counts.updated} contacts of ${rows}`);
    }
    return { newContact, updateByEmail };
  } finally {
    raw.destroy();
  }
};
