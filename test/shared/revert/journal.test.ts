import { beforeAll, describe, expect, it } from 'vitest';
import { s3ByteSource } from '../../../shared/adapters/s3/s3-byte-source.js';
import { ImportError, isImportError } from '../../../shared/errors.js';
import { newImportId } from '../../../shared/ids.js';
import { createImport } from '../../../shared/import/create-import.js';
import { processImport } from '../../../shared/import/process-import.js';
import type { ImportEngineDeps } from '../../../shared/import/run-import.js';
import type { JournalUnit } from '../../../shared/revert/journal-entry.js';
import { readJournal } from '../../../shared/revert/read-journal.js';
import { createHarness, type Harness } from '../../support/import-harness.js';
import { putObjectSettled } from '../../support/put-object.js';

let h: Harness;
let n = 0;
const nextWs = () => `journal-${++n}`;

beforeAll(async () => {
  h = await createHarness();
});

const journalOf = async (workspaceId: string, importId: string): Promise<JournalUnit[]> => {
  const stored = await h.deps.imports.getImport(workspaceId, importId);
  const units: JournalUnit[] = [];
  const journals = h.deps.journals;
  if (!journals || !stored) throw new Error('no journal store or import');
  for await (const unit of readJournal(journals, workspaceId, importId, stored.progress.row))
    units.push(unit);
  return units;
};

const entriesOf = (units: JournalUnit[]) => units.flatMap((unit) => unit.entries);

describe('the journal an import keeps (SPEC §10)', () => {
  it('records each contact created with the version it left', async () => {
    // Prepare
    const ws = nextWs();
    // Act
    const { importId } = await h.importCsv('Email,First Name\na@x.com,Ann\nb@x.com,Bob\n', {
      workspaceId: ws,
    });
    // Assess
    const contacts = await h.contacts(ws);
    const entries = entriesOf(await journalOf(ws, importId));
    expect(entries.map((e) => e.id).sort()).toEqual(contacts.map((c) => c.id).sort());
    expect(entries.every((e) => e.created === true && e.ver === 1)).toBe(true);
  });

  it('records an update field by field with the values before and after, tags added and custom fields', async () => {
    // Prepare
    const ws = nextWs();
    await h.addCustomField({ key: 'score', label: 'Score', type: 'number' }, ws);
    await h.importCsv('Email,First Name,Company,Tags,score\na@x.com,Ann,Acme,Lead,3\n', { workspaceId: ws });
    // Act
    const { importId } = await h.importCsv(
      'Email,First Name,Company,Phone,Tags,score\na@x.com,,Globex,+14155550100,lead;VIP,4\n',
      { workspaceId: ws },
    );
    // Assess
    const [entry, ...more] = entriesOf(await journalOf(ws, importId));
    expect(more).toEqual([]);
    expect(entry).toEqual({
      id: (await h.contacts(ws))[0]?.id,
      ver: 2,
      fields: [
        ['phone', null, '+14155550100'],
        ['companyName', 'Acme', 'Globex'],
      ],
      custom: [['score', 3, 4]],
      tagsAdded: ['VIP'],
    });
  });

  it('records a later row of the same file touching a contact again, with the version each write left', async () => {
    const ws = nextWs();
    const rows = [
      'Email,First Name,Tags',
      'dup@x.com,Dee,one',
      'o1@x.com,O,',
      'o2@x.com,P,',
      'DUP@x.com,,two',
    ];
    const { importId } = await h.importCsv(`${rows.join('\n')}\n`, { workspaceId: ws, batchRows: 2 });
    const dup = (await h.contacts(ws)).find((c) => c.email === 'dup@x.com');
    const touches = entriesOf(await journalOf(ws, importId)).filter((e) => e.id === dup?.id);
    expect(touches).toEqual([
      { id: dup?.id, ver: 1, created: true },
      { id: dup?.id, ver: 2, tagsAdded: ['two'] },
    ]);
  });

  it('keeps nothing for a dry run, and keeps the journal once the import has ended', async () => {
    const ws = nextWs();
    const dry = await h.importCsv('Email\na@x.com\n', { workspaceId: ws, options: { dryRun: true } });
    expect(await h.deps.journals?.listSegments(ws, dry.importId)).toEqual([]);
    const real = await h.importCsv('Email\na@x.com\n', { workspaceId: ws });
    expect(await h.deps.journals?.listSegments(ws, real.importId)).toHaveLength(1);
  });

  it('holds exactly the writes that committed when transactions fail before or after they applied', async () => {
    // Prepare: rows that create, update in-file duplicates and match by phone, in small batches
    const lines = ['Email,Phone,First Name,Tags'];
    for (let i = 0; i < 160; i++) {
      const k = i % 23;
      if (i % 7 === 3) lines.push(`,+1415555${String(1000 + k).padStart(4, '0')},P${i},t${i % 5}`);
      else lines.push(`u${k}@x.com,+1415555${String(1000 + k).padStart(4, '0')},N${i},t${i % 3}`);
    }
    const csv = `${lines.join('\n')}\n`;
    for (const seed of [5, 77, 4242]) {
      const ws = nextWs();
      const importId = newImportId();
      const objectKey = `uploads/${ws}/${importId}.csv`;
      await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: csv });
      await createImport(
        h.deps,
        { workspaceId: ws, importId, source: 'cli', fileName: 'c.csv', objectKey, options: {} },
        [],
      );
      let random = seed;
      const roll = () => {
        random = (random * 1103515245 + 12345) % 2 ** 31;
        return random / 2 ** 31;
      };
      // Every write the store applied, in order: what the journal must hold, no more and no less.
      const committed: string[] = [];
      let faults = 0;
      const deps: ImportEngineDeps = {
        ...h.deps,
        maxAttempts: Number.POSITIVE_INFINITY,
        contacts: {
          lookupKeys: (...args) => h.deps.contacts.lookupKeys(...args),
          phoneMembers: (...args) => h.deps.contacts.phoneMembers(...args),
          getContacts: (...args) => h.deps.contacts.getContacts(...args),
          writeBatch: async (batch) => {
            const r = roll();
            // A conflict seen before the write (re-planned), or after it applied (an SDK retry's own failure).
            if (r < 0.15) {
              faults++;
              throw new ImportError('write_conflict', 'injected');
            }
            await h.deps.contacts.writeBatch(batch);
            committed.push(...batch.contacts.map((c) => `${c.contact.id}@${c.expectedVersion + 1}`));
            if (r > 0.85) {
              faults++;
              throw r > 0.93 ? new Error('simulated crash') : new ImportError('write_conflict', 'injected');
            }
          },
        },
      };
      // Act
      for (let attempt = 0; ; attempt++) {
        expect(attempt).toBeLessThan(300);
        try {
          const result = await processImport(deps, {
            workspaceId: ws,
            importId,
            runId: 'run-1',
            source: await s3ByteSource(h.env.s3, h.env.bucket, objectKey),
            leaseMs: 60_000,
            batchRows: 6,
          });
          if (result.status === 'completed') break;
        } catch (error) {
          if (!(error instanceof Error) || (error.message !== 'simulated crash' && !isImportError(error))) {
            throw error;
          }
        }
      }
      // Assess
      expect(faults).toBeGreaterThan(3);
      const journaled = entriesOf(await journalOf(ws, importId)).map((e) => `${e.id}@${e.ver}`);
      expect(journaled).toEqual(committed);
    }
  });
});
