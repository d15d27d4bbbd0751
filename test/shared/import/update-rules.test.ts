import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact.js';
import type { ImportOptionsInput } from '../../../shared/domain/import-options.js';
import { createHarness, type Harness } from '../../support/import-harness.js';

// SPEC §9 through the real engine, DynamoDB Local and the S3 emulator.

let h: Harness;
let n = 0;
/** Each test imports into a workspace of its own. */
const nextWs = () => `rules-${++n}`;

beforeAll(async () => {
  h = await createHarness();
});

const byEmail = async (ws: string) => new Map((await h.contacts(ws)).map((c) => [c.email ?? c.id, c]));

type Existing = 'empty' | 'filled';
type Cell = 'blank' | 'value';
/** What the row leaves in each field: the stored value `kept`, the row's value `set`, or nothing, `none`. */
type Result = 'kept' | 'set' | 'none';

/**
 * Every policy × blank/non-blank cell × existing empty/non-empty value, for a scalar field (job title), the tags
 * and a custom field, with the outcome of the row. The tags are appended (`tagMode: append`): `set` on a contact
 * that had tags is its tags followed by the row's.
 */
const TABLE: [
  ImportOptionsInput['overwrite'],
  ImportOptionsInput['blankCells'],
  Existing,
  Cell,
  Result,
  string,
][] = [
  ['always', 'ignore', 'empty', 'blank', 'none', 'skipped'],
  ['always', 'ignore', 'empty', 'value', 'set', 'updated'],
  ['always', 'ignore', 'filled', 'blank', 'kept', 'skipped'],
  ['always', 'ignore', 'filled', 'value', 'set', 'updated'],
  ['always', 'clear', 'empty', 'blank', 'none', 'skipped'],
  ['always', 'clear', 'empty', 'value', 'set', 'updated'],
  ['always', 'clear', 'filled', 'blank', 'none', 'updated'],
  ['always', 'clear', 'filled', 'value', 'set', 'updated'],
  ['if_empty', 'ignore', 'empty', 'blank', 'none', 'skipped'],
  ['if_empty', 'ignore', 'empty', 'value', 'set', 'updated'],
  ['if_empty', 'ignore', 'filled', 'blank', 'kept', 'skipped'],
  ['if_empty', 'ignore', 'filled', 'value', 'kept', 'skipped'],
  ['if_empty', 'clear', 'empty', 'blank', 'none', 'skipped'],
  ['if_empty', 'clear', 'empty', 'value', 'set', 'updated'],
  ['if_empty', 'clear', 'filled', 'blank', 'kept', 'skipped'],
  ['if_empty', 'clear', 'filled', 'value', 'kept', 'skipped'],
  ['never', 'ignore', 'empty', 'blank', 'none', 'skipped'],
  ['never', 'ignore', 'empty', 'value', 'none', 'skipped'],
  ['never', 'ignore', 'filled', 'blank', 'kept', 'skipped'],
  ['never', 'ignore', 'filled', 'value', 'kept', 'skipped'],
  ['never', 'clear', 'empty', 'blank', 'none', 'skipped'],
  ['never', 'clear', 'empty', 'value', 'none', 'skipped'],
  ['never', 'clear', 'filled', 'blank', 'kept', 'skipped'],
  ['never', 'clear', 'filled', 'value', 'kept', 'skipped'],
];

const emailOf = (existing: Existing, cell: Cell) => `${existing}-${cell}@x.com`;

const expectedFields = (existing: Existing, result: Result): Partial<Contact> => {
  if (result === 'none') return { tags: [], customFields: {} };
  if (result === 'kept') return { jobTitle: 'Old title', tags: ['Old'], customFields: { plan: 'gold' } };
  return {
    jobTitle: 'New title',
    tags: existing === 'filled' ? ['Old', 'New'] : ['New'],
    customFields: { plan: 'silver' },
  };
};

describe('every overwrite policy × blank cells × existing value, through the engine (SPEC §9)', () => {
  const groups = new Map<string, typeof TABLE>();
  for (const row of TABLE) {
    const key = `overwrite ${row[0]}, blankCells ${row[1]}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [name, rows] of groups) {
    it(`${name}: each field of a matched contact as the table says, a new contact gets every cell`, async () => {
      // Prepare: one contact per existing × cell, its title, tags and custom field all empty or all filled.
      const ws = nextWs();
      await h.addCustomField({ key: 'plan', label: 'Plan', type: 'text' }, ws);
      const seed = ['Email,Name,Title,Tags,Plan'];
      for (const [, , existing, cell] of rows) {
        seed.push(`${emailOf(existing, cell)},P,${existing === 'filled' ? 'Old title,Old,gold' : ',,'}`);
      }
      await h.importCsv(`${seed.join('\n')}\n`, { workspaceId: ws });
      const file = ['Email,Title,Tags,Plan'];
      for (const [, , existing, cell] of rows) {
        file.push(`${emailOf(existing, cell)},${cell === 'value' ? 'New title,New,silver' : ',,'}`);
      }
      file.push('new@x.com,New title,New,silver', 'new-blank@x.com,,,');
      const [overwrite, blankCells] = rows[0] ?? [];
      // Act
      const { summary } = await h.importCsv(`${file.join('\n')}\n`, {
        workspaceId: ws,
        options: { overwrite, blankCells },
      });
      // Assess
      expect(summary.options).toMatchObject({ overwrite, blankCells, tagMode: 'append' });
      const contacts = await byEmail(ws);
      for (const [, , existing, cell, result, outcome] of rows) {
        const contact = contacts.get(emailOf(existing, cell));
        expect({ existing, cell, ...contact }).toMatchObject({
          existing,
          cell,
          fullName: 'P',
          ...expectedFields(existing, result),
        });
        if (result === 'none') expect(contact?.jobTitle).toBeUndefined();
        // A row that changed nothing (`unchanged`) left the contact as it was, its time of update included.
        expect({ existing, cell, updated: contact?.updatedAt !== contact?.createdAt }).toEqual({
          existing,
          cell,
          updated: outcome === 'updated',
        });
      }
      const updated = rows.filter((row) => row[5] === 'updated').length;
      expect(summary.counts).toEqual({
        rows: rows.length + 2,
        created: 2,
        updated,
        skipped: rows.length - updated,
        errored: 0,
      });
      expect(summary.skippedBy).toEqual(updated < rows.length ? { unchanged: rows.length - updated } : {});
      expect(contacts.get('new@x.com')).toMatchObject(expectedFields('empty', 'set'));
      expect(contacts.get('new-blank@x.com')).toMatchObject({ tags: [], customFields: {} });
      expect(contacts.get('new-blank@x.com')?.jobTitle).toBeUndefined();
    });
  }
});

describe('a column with a policy of its own (SPEC §9)', () => {
  it('wins over the import policy both ways: never beside an always column, always beside never', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv('Email,Name,Title,Company\na@x.com,Ann,Engineer,Acme\n', { workspaceId: ws });
    // Act
    const never = await h.importCsv('Email,Title,Company\na@x.com,CTO,Globex\n', {
      workspaceId: ws,
      options: { overwrite: 'never', mapping: { Title: { field: 'job_title', overwrite: 'always' } } },
    });
    const afterNever = (await byEmail(ws)).get('a@x.com');
    const always = await h.importCsv('Email,Title,Company\na@x.com,CEO,Initech\n', {
      workspaceId: ws,
      // The same header as the import before: without this it would take its overwrite: never (SPEC §11).
      options: {
        mapping: { Company: { field: 'company_name', overwrite: 'never' } },
        ignoreRemembered: true,
      },
    });
    // Assess
    expect(never.summary.counts.updated).toBe(1);
    expect(afterNever).toMatchObject({ jobTitle: 'CTO', companyName: 'Acme' });
    expect(always.summary.counts.updated).toBe(1);
    expect((await byEmail(ws)).get('a@x.com')).toMatchObject({ jobTitle: 'CEO', companyName: 'Acme' });
    expect(always.summary.columns).toEqual([
      { header: 'Email', field: 'email' },
      { header: 'Title', field: 'job_title' },
      { header: 'Company', field: 'company_name', overwrite: 'never' },
    ]);
  });

  it('keeps a never column from being cleared by blank cells, and clears an always column under if_empty', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Name,Title,Company\na@x.com,Ann,Engineer,Acme\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,Title,Company\na@x.com,,\n', {
      workspaceId: ws,
      options: {
        overwrite: 'if_empty',
        blankCells: 'clear',
        mapping: {
          Title: { field: 'job_title', overwrite: 'never' },
          Company: { field: 'company_name', overwrite: 'always' },
        },
      },
    });
    expect(summary.counts.updated).toBe(1);
    const ann = (await byEmail(ws)).get('a@x.com');
    expect(ann?.jobTitle).toBe('Engineer');
    expect(ann?.companyName).toBeUndefined();
  });

  it('gives a custom field column its own policy', async () => {
    const ws = nextWs();
    await h.addCustomField({ key: 'plan', label: 'Plan', type: 'text' }, ws);
    await h.addCustomField({ key: 'seats', label: 'Seats', type: 'number' }, ws);
    await h.importCsv('Email,Name,Plan,Seats\na@x.com,Ann,gold,3\n', { workspaceId: ws });
    await h.importCsv('Email,Plan,Seats\na@x.com,silver,5\n', {
      workspaceId: ws,
      options: { mapping: { Plan: { field: 'plan', overwrite: 'if_empty' } } },
    });
    expect((await byEmail(ws)).get('a@x.com')?.customFields).toEqual({ plan: 'gold', seats: 5 });
  });
});

describe('if_empty for tags and for each custom field key (SPEC §9)', () => {
  it('sets tags only on a contact that has none, and each custom field only where that key has no value', async () => {
    const ws = nextWs();
    await h.addCustomField({ key: 'plan', label: 'Plan', type: 'text' }, ws);
    await h.addCustomField({ key: 'region', label: 'Region', type: 'text' }, ws);
    await h.importCsv('Email,Name,Tags,Plan\ntagged@x.com,T,Old,gold\nbare@x.com,B,,\n', { workspaceId: ws });
    const { summary } = await h.importCsv(
      'Email,Tags,Plan,Region\ntagged@x.com,New,silver,north\nbare@x.com,New;Other,silver,south\n',
      { workspaceId: ws, options: { overwrite: 'if_empty' } },
    );
    expect(summary.counts.updated).toBe(2);
    const contacts = await byEmail(ws);
    expect(contacts.get('tagged@x.com')).toMatchObject({
      tags: ['Old'],
      customFields: { plan: 'gold', region: 'north' },
    });
    expect(contacts.get('bare@x.com')).toMatchObject({
      tags: ['New', 'Other'],
      customFields: { plan: 'silver', region: 'south' },
    });
  });
});

describe('never and the email of a phone-matched contact (SPEC §4, §9)', () => {
  it('gives a phone-matched contact without email no email under never, and the row email under if_empty', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv('Name,Phone\nBob,+14155550201\nCid,+14155550202\n', { workspaceId: ws });
    // Act
    const never = await h.importCsv('Email,Phone\nbob@x.com,+14155550201\n', {
      workspaceId: ws,
      options: { overwrite: 'never' },
    });
    const ifEmpty = await h.importCsv('Email,Phone\ncid@x.com,+14155550202\n', {
      workspaceId: ws,
      options: { overwrite: 'if_empty' },
    });
    // Assess
    expect(never.summary.skippedBy).toEqual({ unchanged: 1 });
    expect(ifEmpty.summary.counts.updated).toBe(1);
    const contacts = await h.contacts(ws);
    expect(contacts).toHaveLength(2);
    expect(contacts.find((c) => c.fullName === 'Bob')?.email).toBeUndefined();
    expect(contacts.find((c) => c.fullName === 'Cid')?.email).toBe('cid@x.com');
  });
});

describe('blank cells: clear (SPEC §9)', () => {
  it('never clears the email, clears the phone and takes the contact off its phone set', async () => {
    // Prepare
    const ws = nextWs();
    await h.importCsv('Email,Name,Phone\na@x.com,Ann,+14155550203\nb@x.com,Bea,+14155550204\n', {
      workspaceId: ws,
    });
    // Act: row 2 blanks Ann's phone; row 3 has only a name and that phone: no contact has it any more; row 4,
    // matched by Bea's phone with a blank email, leaves her email.
    const { summary } = await h.importCsv(
      'Email,Name,Phone\na@x.com,Ann,\n,Newcomer,+14155550203\n,Beatrice,+14155550204\n',
      { workspaceId: ws, options: { blankCells: 'clear' } },
    );
    // Assess
    expect(summary.counts).toMatchObject({ updated: 2, created: 1 });
    const contacts = await h.contacts(ws);
    expect(contacts).toHaveLength(3);
    expect(contacts.find((c) => c.phone === '+14155550204')).toMatchObject({
      fullName: 'Beatrice',
      email: 'b@x.com',
    });
    expect(contacts.find((c) => c.fullName === 'Ann')).toMatchObject({ email: 'a@x.com' });
    expect(contacts.find((c) => c.fullName === 'Ann')?.phone).toBeUndefined();
    expect(contacts.find((c) => c.fullName === 'Newcomer')).toMatchObject({ phone: '+14155550203' });
    // A later phone-only row finds the newcomer alone: Ann left the phone set.
    const later = await h.importCsv('Phone,Company\n+14155550203,Acme\n', { workspaceId: ws });
    expect(later.summary.counts).toMatchObject({ updated: 1, errored: 0 });
  });

  it('re-derives the full name when the first or last name is cleared', async () => {
    const ws = nextWs();
    await h.importCsv('Email,First Name,Last Name\na@x.com,Ada,Lovelace\n', { workspaceId: ws });
    await h.importCsv('Email,First Name,Last Name\na@x.com,,Byron\n', {
      workspaceId: ws,
      options: { blankCells: 'clear' },
    });
    const ada = (await byEmail(ws)).get('a@x.com');
    expect(ada).toMatchObject({ fullName: 'Byron', lastName: 'Byron' });
    expect(ada?.firstName).toBeUndefined();
  });

  it('empties the tags on a blank tags cell, in every tag mode', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Name,Tags\na@x.com,A,x;y\nb@x.com,B,x;y\nc@x.com,C,x;y\n', { workspaceId: ws });
    const files = ['a@x.com', 'b@x.com', 'c@x.com'];
    const modes = ['append', 'replace', 'remove'] as const;
    for (const [i, tagMode] of modes.entries()) {
      await h.importCsv(`Email,Tags\n${files[i]},\n`, {
        workspaceId: ws,
        options: { blankCells: 'clear', tagMode },
      });
    }
    const contacts = await byEmail(ws);
    for (const email of files) expect(contacts.get(email)?.tags).toEqual([]);
  });

  it('leaves a column that is not in the file alone', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Name,Company\na@x.com,Ann,Acme\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,Title\na@x.com,CTO\n', {
      workspaceId: ws,
      options: { blankCells: 'clear' },
    });
    expect(summary.counts.updated).toBe(1);
    expect((await byEmail(ws)).get('a@x.com')).toMatchObject({ companyName: 'Acme', jobTitle: 'CTO' });
  });

  it('does not clear a field whose cell was left out as invalid (invalidCells: cell)', async () => {
    const ws = nextWs();
    await h.addCustomField({ key: 'seats', label: 'Seats', type: 'number' }, ws);
    await h.importCsv('Email,Name,Seats\na@x.com,Ann,3\n', { workspaceId: ws });
    await h.importCsv('Email,Name,Seats\na@x.com,Anne,lots\n', {
      workspaceId: ws,
      options: { blankCells: 'clear', invalidCells: 'cell' },
    });
    expect((await byEmail(ws)).get('a@x.com')).toMatchObject({
      fullName: 'Anne',
      customFields: { seats: 3 },
    });
  });
});

describe('tag modes (SPEC §9)', () => {
  it('replaces the tags with the row s, in the row s spelling', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Name,Tags\na@x.com,Ann,VIP;Lead\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,Tags\na@x.com,vip;Partner\n', {
      workspaceId: ws,
      options: { tagMode: 'replace' },
    });
    expect(summary.options.tagMode).toBe('replace');
    expect((await byEmail(ws)).get('a@x.com')?.tags).toEqual(['vip', 'Partner']);
  });

  it('removes the row s tags case-insensitively, keeping the others with their spelling', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Name,Tags\na@x.com,Ann,VIP;Lead;Partner\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,Tags\na@x.com,vip;PARTNER;Unknown\nA@x.com,vip\n', {
      workspaceId: ws,
      options: { tagMode: 'remove' },
    });
    expect(summary.counts).toMatchObject({ updated: 1, skipped: 1 });
    expect(summary.skippedBy).toEqual({ unchanged: 1 });
    expect((await byEmail(ws)).get('a@x.com')?.tags).toEqual(['Lead']);
  });

  it('creates a contact with the row s tags whatever the tag mode', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Name,Tags\nnew@x.com,New,A;B\n', {
      workspaceId: ws,
      options: { tagMode: 'remove' },
    });
    expect((await byEmail(ws)).get('new@x.com')?.tags).toEqual(['A', 'B']);
  });
});

/** Stores 20 contacts in `ws`, and returns a file of blank and filled cells over them, new rows and repeats. */
const seedRuleFile = async (ws: string, seed: number): Promise<string> => {
  const phone = (k: number) => `+1415555${String(2000 + k).slice(-4)}`;
  const stored = ['Email,Phone,First Name,Last Name,Title,Tags,Plan'];
  for (let k = 0; k < 20; k++) {
    stored.push(
      `s${k}@x.com,${k % 3 ? phone(k) : ''},F${k},${k % 2 ? `L${k}` : ''},${k % 4 ? 'T' : ''},a;b,${k % 5 ? 'p' : ''}`,
    );
  }
  await h.importCsv(`${stored.join('\n')}\n`, { workspaceId: ws });
  let state = seed;
  const random = (below: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return Math.floor((state / 2 ** 32) * below);
  };
  const maybe = (text: string) => (random(3) === 0 ? '' : text);
  const lines = ['Email,Phone,First Name,Last Name,Title,Tags,Plan'];
  for (let i = 0; i < 200; i++) {
    const kind = random(4);
    const email = kind === 0 ? `n${random(60)}@x.com` : kind === 1 ? '' : `s${random(20)}@x.com`;
    const tel = kind === 1 || random(4) === 0 ? phone(random(40)) : '';
    const tags = ['a', 'b', 'A;c', 'c;d', 'B'][random(5)] ?? '';
    lines.push(
      [
        email,
        tel,
        maybe(`F${i}`),
        maybe(`L${i}`),
        maybe(`T${random(3)}`),
        maybe(tags),
        maybe(`p${random(2)}`),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
};

describe('a dry run under each rule counts what the real run does (SPEC §4, §9)', () => {
  const RULES: ImportOptionsInput[] = [
    { overwrite: 'if_empty' },
    { overwrite: 'never' },
    { blankCells: 'clear' },
    { tagMode: 'replace' },
    { tagMode: 'remove', blankCells: 'clear' },
    {
      overwrite: 'if_empty',
      blankCells: 'clear',
      mapping: { Title: { field: 'job_title', overwrite: 'always' } },
    },
    { overwrite: 'never', tagMode: 'replace', mapping: { Tags: { field: 'tags', overwrite: 'always' } } },
  ];
  for (const [index, rules] of RULES.entries()) {
    it(`${JSON.stringify(rules)}: a random file of blank and filled cells, its counts and errors`, async () => {
      // Prepare
      const ws = nextWs();
      await h.addCustomField({ key: 'plan', label: 'Plan', type: 'text' }, ws);
      const csv = await seedRuleFile(ws, 7 + index);
      // Act
      const dry = await h.importCsv(csv, {
        workspaceId: ws,
        options: { ...rules, dryRun: true },
        batchRows: 9,
      });
      const real = await h.importCsv(csv, { workspaceId: ws, options: rules, batchRows: 9 });
      // Assess
      // Rows that matched a contact: updated, or unchanged where the rules left nothing to change.
      expect(real.summary.counts.updated + (real.summary.skippedBy.unchanged ?? 0)).toBeGreaterThan(20);
      expect(real.summary.counts.created).toBeGreaterThan(10);
      expect(dry.summary.counts).toEqual(real.summary.counts);
      expect(dry.summary.skippedBy).toEqual(real.summary.skippedBy);
      expect(dry.summary.errors).toEqual(real.summary.errors);
      expect(dry.report).toBe(real.report);
    });
  }
});
