import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3ByteSource } from '../../../shared/adapters/s3/s3-byte-source.js';
import { newImportId } from '../../../shared/ids.js';
import { createImport } from '../../../shared/import/create-import.js';
import { processImport } from '../../../shared/import/process-import.js';
import { createHarness, type Harness } from '../../support/import-harness.js';
import { putObjectSettled } from '../../support/put-object.js';

let h: Harness;
let n = 0;
/** Each test imports into a workspace of its own. */
const nextWs = () => `ws-${++n}`;

beforeAll(async () => {
  h = await createHarness();
});

const byEmail = async (ws: string) => new Map((await h.contacts(ws)).map((c) => [c.email ?? c.id, c]));

describe('creating and updating contacts', () => {
  it('creates one contact per row and reports the columns it mapped', async () => {
    // Prepare
    const ws = nextWs();
    const csv =
      'First Name,Last Name,Email,Phone,Company,Notes\nJane,Doe,Jane@Example.com,(415) 555-0100,Acme,vip\nJohn,Roe,john@example.com,,,\n';
    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    // Assess
    expect(summary.status).toBe('completed');
    expect(summary.counts).toEqual({ rows: 2, created: 2, updated: 0, skipped: 0, errored: 0 });
    expect(summary.columns).toEqual([
      { header: 'First Name', field: 'first_name' },
      { header: 'Last Name', field: 'last_name' },
      { header: 'Email', field: 'email' },
      { header: 'Phone', field: 'phone' },
      { header: 'Company', field: 'company_name' },
      { header: 'Notes', field: null },
    ]);
    const jane = (await byEmail(ws)).get('jane@example.com');
    expect(jane).toMatchObject({
      fullName: 'Jane Doe',
      firstName: 'Jane',
      lastName: 'Doe',
      phone: '+14155550100',
      companyName: 'Acme',
    });
  });

  it('updates the contact matched by email: non-empty cells overwrite, empty cells never clear, tags merge', async () => {
    const ws = nextWs();
    await h.importCsv('Email,First Name,Company,Tags\na@x.com,Ann,Acme,Lead;VIP\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,First Name,Company,Tags\nA@X.com,,Globex,vip|Partner\n', {
      workspaceId: ws,
    });
    expect(summary.counts).toMatchObject({ updated: 1, created: 0 });
    const contact = (await byEmail(ws)).get('a@x.com');
    expect(contact).toMatchObject({
      firstName: 'Ann',
      companyName: 'Globex',
      tags: ['Lead', 'VIP', 'Partner'],
    });
  });

  it('updates the contact matched by phone when the row has no email', async () => {
    const ws = nextWs();
    await h.importCsv('Name,Phone\nBob,+1 415 555 0101\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Phone,Job Title\n(415) 555-0101,CTO\n', { workspaceId: ws });
    expect(summary.counts).toMatchObject({ updated: 1, created: 0 });
    const [bob] = await h.contacts(ws);
    expect(bob).toMatchObject({ fullName: 'Bob', jobTitle: 'CTO' });
  });

  it('gives the row email to a phone-matched contact that had none, and then matches it by that email', async () => {
    const ws = nextWs();
    await h.importCsv('Name,Phone\nBob,+14155550102\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,Phone\nbob@x.com,+14155550102\nbob@x.com,\n', {
      workspaceId: ws,
    });
    expect(summary.counts).toMatchObject({ updated: 1, skipped: 1 });
    expect(summary.skippedBy).toEqual({ unchanged: 1 });
    const contacts = await h.contacts(ws);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ email: 'bob@x.com', phone: '+14155550102' });
  });

  it('creates a new contact when the only phone candidate has a different email', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Phone\none@x.com,+14155550103\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,Phone\ntwo@x.com,+14155550103\n', { workspaceId: ws });
    expect(summary.counts).toMatchObject({ created: 1, updated: 0 });
    expect(await h.contacts(ws)).toHaveLength(2);
  });

  it('errors a row with ambiguous_match when several contacts share its phone', async () => {
    const ws = nextWs();
    // B's email differs from A's, so B does not match A by phone: two contacts share the number.
    await h.importCsv('Email,Phone\na@x.com,+14155550104\nb@x.com,+14155550104\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Phone,Company\n+14155550104,Acme\n', { workspaceId: ws });
    expect(summary.counts).toMatchObject({ errored: 1 });
    expect(summary.errors).toEqual([
      { row: 2, code: 'ambiguous_match', column: 'Phone', message: expect.stringContaining('2 contacts') },
    ]);
  });

  it('lets a later row update the contact an earlier row of the same file created, across batches', async () => {
    const ws = nextWs();
    const rows = ['Email,First Name,Tags', 'dup@x.com,Dee,one'];
    for (let i = 0; i < 6; i++) rows.push(`other${i}@x.com,O${i},`);
    rows.push('DUP@x.com,,two');
    const { summary } = await h.importCsv(`${rows.join('\n')}\n`, { workspaceId: ws, batchRows: 2 });
    expect(summary.counts).toEqual({ rows: 8, created: 7, updated: 1, skipped: 0, errored: 0 });
    expect((await byEmail(ws)).get('dup@x.com')?.tags).toEqual(['one', 'two']);
  });

  it('applies duplicates within one batch in file order', async () => {
    const ws = nextWs();
    const csv = 'Email,Phone,Tags\nx@x.com,,a\n,+14155550105,b\nx@x.com,+14155550105,c\n,+14155550105,d\n';
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    // Row 3 creates a phone-only contact; row 4 gives x that phone too, so row 5 (no email) has two candidates.
    expect(summary.counts).toEqual({ rows: 4, created: 2, updated: 1, skipped: 0, errored: 1 });
    expect(summary.errors[0]).toMatchObject({ row: 5, code: 'ambiguous_match' });
    const contacts = await h.contacts(ws);
    expect(contacts.find((c) => c.email === 'x@x.com')).toMatchObject({
      tags: ['a', 'c'],
      phone: '+14155550105',
    });
    expect(contacts.find((c) => !c.email)?.tags).toEqual(['b']);
  });
});

describe('modes and dry run', () => {
  it('skips matches with already_exists in create_only mode', async () => {
    const ws = nextWs();
    await h.importCsv('Email\nc@x.com\n', { workspaceId: ws });
    const { summary, report } = await h.importCsv('Email,Name\nc@x.com,Cee\nd@x.com,Dee\n', {
      workspaceId: ws,
      options: { mode: 'create-only' },
    });
    expect(summary.counts).toMatchObject({ created: 1, skipped: 1 });
    expect(summary.skippedBy).toEqual({ already_exists: 1 });
    expect(report).toContain('c@x.com,Cee,2,skipped,already_exists,');
  });

  it('skips rows without a match with not_found in update_only mode', async () => {
    const ws = nextWs();
    await h.importCsv('Email\nc@x.com\n', { workspaceId: ws });
    const { summary } = await h.importCsv('Email,Name\nc@x.com,Cee\nd@x.com,Dee\n', {
      workspaceId: ws,
      options: { mode: 'update_only' },
    });
    expect(summary.counts).toMatchObject({ updated: 1, skipped: 1 });
    expect(summary.skippedBy).toEqual({ not_found: 1 });
    expect(await h.contacts(ws)).toHaveLength(1);
  });

  it('computes in a dry run the summary a real run would give, and writes no contact', async () => {
    const ws = nextWs();
    await h.importCsv('Email,Name\nold@x.com,Old\n', { workspaceId: ws });
    const csv = 'Email,Name,Phone\nold@x.com,Older,\nnew@x.com,New,\nnew@x.com,Newer,\nbad@,Bad,\n';
    const dry = await h.importCsv(csv, { workspaceId: ws, options: { dryRun: true }, batchRows: 2 });
    expect(await h.contacts(ws)).toHaveLength(1);
    const real = await h.importCsv(csv, { workspaceId: ws, batchRows: 2 });
    expect(dry.summary.counts).toEqual(real.summary.counts);
    expect(dry.summary.counts).toEqual({ rows: 4, created: 1, updated: 2, skipped: 0, errored: 1 });
    expect(dry.summary.options.dryRun).toBe(true);
  });
});

describe('every row gets one outcome', () => {
  it('skips empty rows and rows with no identity, and errors invalid cells naming row and column', async () => {
    const ws = nextWs();
    await h.addCustomField({ key: 'score', label: 'Score', type: 'number' }, ws);
    const csv = [
      'Email,Phone,First Name,Company,score',
      'ok@x.com,,Ok,,',
      ',,,,',
      ',,,Lonely Corp,',
      'not-an-email,,Bad,,',
      ',12,Short,,',
      'n@x.com,,Num,,abc',
      `long@x.com,,${'x'.repeat(300)},,`,
      'extra@x.com,,Extra,,,surprise',
    ].join('\r\n');
    const { summary, report } = await h.importCsv(csv, { workspaceId: ws });
    expect(summary.counts).toEqual({ rows: 8, created: 1, updated: 0, skipped: 2, errored: 5 });
    expect(summary.skippedBy).toEqual({ empty_row: 1, no_identity: 1 });
    expect(summary.errors.map(({ row, code, column }) => ({ row, code, column }))).toEqual([
      { row: 5, code: 'invalid_email', column: 'Email' },
      { row: 6, code: 'invalid_phone', column: 'Phone' },
      { row: 7, code: 'invalid_value', column: 'score' },
      { row: 8, code: 'value_too_long', column: 'First Name' },
      { row: 9, code: 'extra_columns', column: expect.any(String) },
    ]);
    const lines = report
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Email,Phone,First Name,Company,score,import_row,import_outcome,import_code,import_message',
    );
    // The report keeps no_identity and errors, not empty rows.
    expect(lines).toHaveLength(1 + 1 + 5);
    expect(lines[1]).toMatch(/^,,,Lonely Corp,,4,skipped,no_identity,/);
  });

  it('escapes formulas in the error report, and the report imports again as it is', async () => {
    const ws = nextWs();
    const csv = 'Email,First Name\n=cmd@x,=HYPERLINK("x")\n';
    const first = await h.importCsv(csv, { workspaceId: ws });
    expect(first.summary.counts.errored).toBe(1);
    expect(first.report).toContain(`'=cmd@x,"'=HYPERLINK(""x"")"`);
    const again = await h.importCsv(first.report, { workspaceId: ws });
    expect(again.summary.counts).toMatchObject({ rows: 1, errored: 1 });
    expect(again.summary.errors[0]).toMatchObject({ code: 'invalid_email', column: 'Email' });
    expect(again.summary.columns.slice(-4)).toEqual([
      { header: 'import_row', field: null },
      { header: 'import_outcome', field: null },
      { header: 'import_code', field: null },
      { header: 'import_message', field: null },
    ]);
  });

  it('types custom fields and routes external_id to the field mapped to it', async () => {
    const ws = nextWs();
    await h.addCustomField({ key: 'crm_id', label: 'CRM id', type: 'text', mapsTo: 'external_id' }, ws);
    await h.addCustomField({ key: 'renewal', label: 'Renewal', type: 'date' }, ws);
    await h.addCustomField({ key: 'active', label: 'Active', type: 'boolean' }, ws);
    const csv = 'Email,Acct #,Renewal,Active\ne@x.com,A-17,2027-01-31,yes\n';
    const { summary } = await h.importCsv(csv, {
      workspaceId: ws,
      options: { mapping: { 'Acct #': 'external_id' } },
    });
    expect(summary.columns[1]).toEqual({ header: 'Acct #', field: 'external_id' });
    const [contact] = await h.contacts(ws);
    expect(contact?.customFields).toEqual({ crm_id: 'A-17', renewal: '2027-01-31', active: true });
  });

  it('warns when external_id has no custom field mapped to it and ignores the column', async () => {
    const ws = nextWs();
    const { summary } = await h.importCsv('Email,External ID\nz@x.com,77\n', { workspaceId: ws });
    expect(summary.columns[1]).toEqual({ header: 'External ID', field: null });
    expect(summary.warnings.map((w) => w.code)).toContain('external_id_unmapped');
  });
});

describe('whole-import failures', () => {
  it('fails an empty file with empty_file', async () => {
    const { summary } = await h.importCsv('', { workspaceId: nextWs() });
    expect(summary.status).toBe('failed');
    expect(summary.failure?.code).toBe('empty_file');
  });

  it('fails a file over the size limit with file_too_large before reading a row', async () => {
    const ws = nextWs();
    const { summary } = await h.importCsv('Email\na@x.com\nb@x.com\n', { workspaceId: ws, maxBytes: 10 });
    expect(summary.failure).toMatchObject({ code: 'file_too_large' });
    expect(summary.counts.rows).toBe(0);
    expect(await h.contacts(ws)).toHaveLength(0);
  });

  it('fails a file with more than 500 columns with too_many_columns', async () => {
    const header = ['Email', ...Array.from({ length: 500 }, (_, i) => `c${i}`)].join(',');
    const { summary } = await h.importCsv(`${header}\na@x.com\n`, { workspaceId: nextWs() });
    expect(summary.failure?.code).toBe('too_many_columns');
  });

  it('fails a file with no mappable header with no_header', async () => {
    const { summary } = await h.importCsv('foo,bar\n1,2\n', { workspaceId: nextWs() });
    expect(summary.failure?.code).toBe('no_header');
  });

  it('fails a binary file with not_csv', async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3, 4]);
    const { summary } = await h.importCsv(zip, { workspaceId: nextWs() });
    expect(summary.failure?.code).toBe('not_csv');
  });

  it('ignores rows above the header with a warning and numbers rows as a spreadsheet does', async () => {
    const ws = nextWs();
    const csv =
      'Notes:\n"Exported by LinkedIn"\n\nFirst Name,Last Name,Email Address\nAda,Lovelace,bad-email\n';
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    expect(summary.warnings[0]?.code).toBe('rows_above_header_ignored');
    expect(summary.errors[0]).toMatchObject({ row: 5, code: 'invalid_email' });
  });
});

describe('files', () => {
  const rows =
    'First Name{d}Last Name{d}Email{d}Company\r\nZoë{d}Müller{d}zoe@x.com{d}"Acme{d} Inc"\r\nFrançois{d}Lefèvre{d}f@x.com{d}Café\r\n';
  const encode = (text: string, encoding: string): Buffer => {
    if (encoding === 'utf-8-bom')
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    if (encoding === 'utf-16le')
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    if (encoding === 'utf-16be')
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    if (encoding === 'windows-1252') return Buffer.from(text, 'latin1');
    return Buffer.from(text, 'utf8');
  };

  it.each([
    ['utf-8', ','],
    ['utf-8-bom', ';'],
    ['utf-16le', '\t'],
    ['utf-16be', '|'],
    ['windows-1252', ';'],
    ['windows-1252', ','],
  ])('imports a %s file delimited by %j with accents intact', async (encoding, delimiter) => {
    const ws = nextWs();
    const { summary } = await h.importCsv(encode(rows.replaceAll('{d}', delimiter), encoding), {
      workspaceId: ws,
    });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2, errored: 0 });
    const contacts = await byEmail(ws);
    expect(contacts.get('zoe@x.com')).toMatchObject({
      fullName: 'Zoë Müller',
      companyName: `Acme${delimiter} Inc`,
    });
    expect(contacts.get('f@x.com')).toMatchObject({ fullName: 'François Lefèvre', companyName: 'Café' });
  });

  it('reads a Windows-1252 file whose first accent comes long after the head as Windows-1252', async () => {
    const ws = nextWs();
    const lines = ['Email,First Name'];
    for (let i = 0; i < 3000; i++) lines.push(`ascii${i}@x.com,Plain${i}`);
    lines.push('late@x.com,Andr\xe9');
    const { summary } = await h.importCsv(Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'), {
      workspaceId: ws,
    });
    expect(summary.counts).toMatchObject({ rows: 3001, created: 3001 });
    expect((await byEmail(ws)).get('late@x.com')?.firstName).toBe('André');
  });

  it('reads old Mac line ends (CR only)', async () => {
    const ws = nextWs();
    const { summary } = await h.importCsv('Email,Name\ra@x.com,A\rb@x.com,B\r', { workspaceId: ws });
    expect(summary.counts).toMatchObject({ rows: 2, created: 2 });
  });

  it('errors a row whose quote is never closed as malformed_row and imports the rows after it', async () => {
    const ws = nextWs();
    const csv = 'Email,Name\na@x.com,A\n"b@x.com,B\nc@x.com,C\n';
    const { summary, report } = await h.importCsv(csv, { workspaceId: ws });
    expect(summary.status).toBe('completed');
    expect(summary.counts).toEqual({ rows: 3, created: 2, updated: 0, skipped: 0, errored: 1 });
    expect(summary.errors[0]).toMatchObject({ row: 3, code: 'malformed_row' });
    expect(report).toContain('errored,malformed_row,');
  });

  it('honours the encoding and delimiter options over detection', async () => {
    const ws = nextWs();
    // Detection would pick ',' (one more cell); the option says ';'.
    const csv = 'Email;Name\na@x.com;Smith, Ann\n';
    const { summary } = await h.importCsv(csv, {
      workspaceId: ws,
      options: { delimiter: ';', encoding: 'utf-8' },
    });
    expect(summary.counts.created).toBe(1);
    expect((await byEmail(ws)).get('a@x.com')?.fullName).toBe('Smith, Ann');
  });
});

/** Stores 20 contacts in `ws`, and returns a file whose rows repeat earlier emails and phones at any distance. */
const seedRandomFile = async (ws: string): Promise<string> => {
  const phone = (n: number) => `+1415555${String(1000 + n).slice(-4)}`;
  const stored = ['Email,Phone,Name'];
  for (let n = 0; n < 20; n++) stored.push(`s${n}@x.com,${phone(n)},S${n}`);
  await h.importCsv(`${stored.join('\n')}\n`, { workspaceId: ws });
  let state = 99;
  const random = (below: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return Math.floor((state / 2 ** 32) * below);
  };
  const lines = ['Email,Phone,Name,Tags'];
  const emails: string[] = [];
  for (let i = 0; i < 400; i++) {
    const kind = random(6);
    const tag = `t${random(4)}`;
    if (kind === 0 || emails.length === 0) {
      const email = `n${i}@x.com`;
      emails.push(email);
      lines.push(`${email},${random(2) ? phone(20 + random(300)) : ''},N${i},${tag}`);
    } else if (kind === 1) lines.push(`${emails[random(emails.length)]},,,${tag}`);
    else if (kind === 2)
      lines.push(`${emails[Math.max(0, emails.length - 1 - random(5))]},${phone(random(320))},,${tag}`);
    else if (kind === 3) lines.push(`,${phone(random(320))},P${i},${tag}`);
    else if (kind === 4) lines.push(`s${random(20)}@x.com,${phone(random(320))},,${tag}`);
    else lines.push(`m${i}@x.com,${phone(random(20))},,${tag}`);
  }
  return `${lines.join('\n')}\n`;
};

describe('dry runs over long files', () => {
  it('sees rows far apart in the file the way a real run does, keeping only what later rows can reach', async () => {
    // Prepare: an existing contact whose phone a row changes, and whose old phone a much later row uses.
    const ws = nextWs();
    await h.importCsv('Email,Phone,Name\nold@x.com,+14155550170,Old\n', { workspaceId: ws });
    const lines = ['Email,Phone,Name,Tags', 'old@x.com,+14155550171,Moved,'];
    for (let i = 0; i < 40; i++) lines.push(`u${i}@x.com,,U${i},`);
    lines.push('first@x.com,,First,a');
    for (let i = 40; i < 80; i++) lines.push(`u${i}@x.com,,U${i},`);
    lines.push(',+14155550170,Nobody,', 'FIRST@x.com,,,b', ',+14155550171,,c');
    const csv = `${lines.join('\n')}\n`;
    // Act
    const dry = await h.importCsv(csv, { workspaceId: ws, options: { dryRun: true }, batchRows: 3 });
    const real = await h.importCsv(csv, { workspaceId: ws, batchRows: 3 });
    // Assess
    expect(dry.summary.counts).toEqual(real.summary.counts);
    expect(dry.summary.counts).toEqual({ rows: 85, created: 82, updated: 3, skipped: 0, errored: 0 });
  });
  it('keeps a stored contact changed by its email for a later row that reaches it by its unchanged phone', async () => {
    // Prepare: found at 1M rows by the bench. Row 1 renames a stored contact through its email and leaves its
    // phone alone; 30 rows later, in another batch, a row with only that phone brings the same name: unchanged.
    const ws = nextWs();
    await h.importCsv('Email,Phone,Name\nkept@x.com,+14155550190,Old\n', { workspaceId: ws });
    const lines = ['Email,Phone,Name', 'KEPT@x.com,,New'];
    for (let i = 0; i < 30; i++) lines.push(`f${i}@x.com,,F${i}`);
    lines.push(',+14155550190,New');
    const csv = `${lines.join('\n')}\n`;
    // Act
    const dry = await h.importCsv(csv, { workspaceId: ws, options: { dryRun: true }, batchRows: 4 });
    const real = await h.importCsv(csv, { workspaceId: ws, batchRows: 4 });
    // Assess
    expect(real.summary.counts).toEqual({ rows: 32, created: 30, updated: 1, skipped: 1, errored: 0 });
    expect(dry.summary.counts).toEqual(real.summary.counts);
  });

  it('counts a random file with near and far repeats, moved phones and changed emails as a real run does', async () => {
    // Prepare
    const ws = nextWs();
    const csv = await seedRandomFile(ws);
    // Act
    const dry = await h.importCsv(csv, { workspaceId: ws, options: { dryRun: true }, batchRows: 7 });
    const real = await h.importCsv(csv, { workspaceId: ws, batchRows: 7 });
    // Assess
    expect(real.summary.counts.updated).toBeGreaterThan(50);
    expect(dry.summary.counts).toEqual(real.summary.counts);
    expect(dry.summary.errors).toEqual(real.summary.errors);
  });
  it('continues a dry run over many invocations with the counts of one run', async () => {
    // Prepare
    const ws = nextWs();
    const csv = await seedRandomFile(ws);
    const single = await h.importCsv(csv, { workspaceId: ws, options: { dryRun: true }, batchRows: 7 });
    // Act: every invocation plans two batches, then pauses
    const continued = await h.importCsv(csv, {
      workspaceId: ws,
      options: { dryRun: true },
      batchRows: 7,
      pauseEvery: 2,
    });
    // Assess
    expect(continued.runs).toBeGreaterThan(20);
    expect(continued.summary.counts).toEqual(single.summary.counts);
    expect(continued.summary.errors).toEqual(single.summary.errors);
    expect(continued.report).toBe(single.report);
    expect(await h.contacts(ws)).toHaveLength(20);
  });
});

describe('the error report', () => {
  const objectsOf = async (ws: string, importId: string) => {
    const listed = await h.env.s3.send(
      new ListObjectsV2Command({ Bucket: h.env.bucket, Prefix: `reports/${ws}/${importId}/` }),
    );
    return (listed.Contents ?? []).map((object) => object.Key?.split(`${importId}/`)[1]);
  };

  it('leaves only errors.csv once assembled: the segments, raw cells of errored rows, are deleted', async () => {
    // Prepare: errored rows in every batch, so that each batch writes a segment.
    const ws = nextWs();
    const rows = Array.from({ length: 12 }, (_, i) => (i % 2 ? `ok${i}@x.com` : `bad${i}@`));
    // Act
    const { summary, report, importId } = await h.importCsv(`Email\n${rows.join('\n')}\n`, {
      workspaceId: ws,
      batchRows: 3,
    });
    // Assess
    expect(summary.counts).toMatchObject({ created: 6, errored: 6 });
    expect(report.split('\n').filter((line) => line.includes('invalid_email'))).toHaveLength(6);
    expect(await objectsOf(ws, importId)).toEqual(['errors.csv']);
  });

  it('deletes the state a paused dry run kept once it ends', async () => {
    const ws = nextWs();
    const rows = Array.from({ length: 12 }, (_, i) => `d${i}@x.com`);
    const { runs, importId } = await h.importCsv(`Email\n${rows.join('\n')}\nbad@\n`, {
      workspaceId: ws,
      batchRows: 3,
      pauseEvery: 1,
      options: { dryRun: true },
    });
    expect(runs).toBeGreaterThan(2);
    expect(await objectsOf(ws, importId)).toEqual(['errors.csv']);
  });

  it('does not repeat the import_* columns when a report is imported again and reported on', async () => {
    // Prepare: a report with an errored row, imported again without fixing it.
    const ws = nextWs();
    const first = await h.importCsv('Email,First Name\nbad@,Ann\n', { workspaceId: ws });
    // Act
    const second = await h.importCsv(first.report, { workspaceId: ws });
    // Assess
    const [header, row] = second.report.replace(/^\ufeff/, '').split('\r\n');
    expect(header).toBe('Email,First Name,import_row,import_outcome,import_code,import_message');
    expect(row).toMatch(/^bad@,Ann,2,errored,invalid_email,/);
    expect(second.summary.columns.filter((c) => c.header.startsWith('import_'))).toEqual([
      { header: 'import_row', field: null },
      { header: 'import_outcome', field: null },
      { header: 'import_code', field: null },
      { header: 'import_message', field: null },
    ]);
  });
});

describe('Unicode (SPEC §3)', () => {
  it('makes one contact of an email typed in NFC and in NFD, and errors those with an invisible mark', async () => {
    // Prepare: josé@ twice, composed and decomposed; then with a trailing left-to-right mark and a soft hyphen.
    const ws = nextWs();
    const csv = [
      'Email,First Name,Tags',
      'jos\u00e9@x.com,Jos\u00e9,t1',
      'jose\u0301@x.com,Jose\u0301,t\u200b1;t2',
      'jos\u00e9@x.com\u200e,Ann,',
      'jo\u00ads\u00e9@x.com,Bob,',
    ].join('\n');
    // Act
    const { summary } = await h.importCsv(csv, { workspaceId: ws });
    // Assess
    expect(summary.counts).toMatchObject({ rows: 4, created: 1, updated: 1, errored: 2 });
    expect(summary.errors.map((e) => [e.row, e.code, e.column])).toEqual([
      [4, 'invalid_email', 'Email'],
      [5, 'invalid_email', 'Email'],
    ]);
    const contacts = await h.contacts(ws);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      email: 'jos\u00e9@x.com',
      firstName: 'Jos\u00e9',
      tags: ['t1', 't2'],
    });
  });
});

describe('the mapping is fixed when the import starts (SPEC §5)', () => {
  it('keeps a custom field created during the import out of it, across continuations', async () => {
    // Prepare: an import of 30 rows paused after each batch of 5; a field keyed like the Notes column is created
    // after the first invocation.
    const ws = nextWs();
    const importId = newImportId();
    const objectKey = `uploads/${ws}/${importId}.csv`;
    const rows = Array.from({ length: 30 }, (_, i) => `m${i}@x.com,note ${i}`);
    await putObjectSettled(h.env.s3, {
      Bucket: h.env.bucket,
      Key: objectKey,
      Body: `Email,Notes\n${rows.join('\n')}\n`,
    });
    await createImport(
      h.deps,
      { workspaceId: ws, importId, source: 'cli', fileName: 'c.csv', objectKey, options: {} },
      [],
    );
    // Act
    let invocations = 0;
    for (;;) {
      invocations++;
      const result = await processImport(h.deps, {
        workspaceId: ws,
        importId,
        runId: `run-${invocations}`,
        source: await s3ByteSource(h.env.s3, h.env.bucket, objectKey),
        leaseMs: 0,
        batchRows: 5,
        shouldPause: () => true,
      });
      if (invocations === 1) await h.addCustomField({ key: 'notes', label: 'Notes', type: 'text' }, ws);
      if (result.status !== 'paused') break;
    }
    // Assess: no row got the field, and the summary says the column maps to nothing, as it did at the start.
    const stored = await h.deps.imports.getImport(ws, importId);
    expect(invocations).toBeGreaterThan(5);
    expect(stored?.record.status).toBe('completed');
    expect(stored?.record.layout?.columns).toEqual([
      { header: 'Email', field: 'email' },
      { header: 'Notes', field: null },
    ]);
    const contacts = await h.contacts(ws);
    expect(contacts).toHaveLength(30);
    expect(contacts.filter((c) => Object.keys(c.customFields).length > 0)).toEqual([]);
    // A later import maps the column to the new field.
    const later = await h.importCsv('Email,Notes\nm0@x.com,later\n', { workspaceId: ws });
    expect(later.summary.columns).toContainEqual({ header: 'Notes', field: 'notes' });
  });
});

describe('a file overwritten while its import reads it (SPEC §5)', () => {
  it('fails the import file_changed at the next read, the rows read before it applied and counted', async () => {
    // Prepare: 20 rows read 5 per invocation; after the first invocation the object is overwritten.
    const ws = nextWs();
    const importId = newImportId();
    const objectKey = `uploads/${ws}/${importId}.csv`;
    const file = (prefix: string) =>
      `Email\n${Array.from({ length: 20 }, (_, i) => `${prefix}${i}@x.com`).join('\n')}\n`;
    await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: file('old') });
    await createImport(
      h.deps,
      { workspaceId: ws, importId, source: 'cli', fileName: 'c.csv', objectKey, options: {} },
      [],
    );
    const invoke = async (n: number) =>
      processImport(h.deps, {
        workspaceId: ws,
        importId,
        runId: `run-${n}`,
        source: await s3ByteSource(h.env.s3, h.env.bucket, objectKey),
        leaseMs: 0,
        batchRows: 5,
        shouldPause: () => true,
      });
    expect((await invoke(1)).status).toBe('paused');
    await putObjectSettled(h.env.s3, { Bucket: h.env.bucket, Key: objectKey, Body: file('new') });
    // Act
    const result = await invoke(2);
    // Assess
    expect(result).toMatchObject({ status: 'failed', failure: { code: 'file_changed' } });
    const stored = await h.deps.imports.getImport(ws, importId);
    expect(stored?.record.status).toBe('failed');
    expect(stored?.progress.counts).toMatchObject({ rows: 5, created: 5 });
    expect((await h.contacts(ws)).map((c) => c.email).sort()).toEqual(
      ['old0@x.com', 'old1@x.com', 'old2@x.com', 'old3@x.com', 'old4@x.com'].sort(),
    );
  });
});

describe('rows before an unreadable stretch (SPEC §5)', () => {
  const unreadableAfter = (rows: number) =>
    `Email\n${Array.from({ length: rows }, (_, i) => `r${i}@x.com`).join('\n')}\n${'x'.repeat(40 * 1024 * 1024)}`;

  it.for([3, 700])(
    'applies and counts the %i valid rows before a 40 MB line, then fails malformed_csv',
    { timeout: 120_000 },
    async (rows) => {
      // Prepare: the rows, then a line longer than a record may be, with no line end after it.
      const ws = nextWs();
      // Act
      const { summary } = await h.importCsv(unreadableAfter(rows), { workspaceId: ws });
      // Assess
      expect(summary).toMatchObject({ status: 'failed', failure: { code: 'malformed_csv' } });
      expect(summary.counts).toEqual({ rows, created: rows, updated: 0, skipped: 0, errored: 0 });
      expect(await h.contacts(ws)).toHaveLength(rows);
    },
  );
});

describe('bytes the encoding cannot decode (SPEC §5)', () => {
  it('never stores a replacement character: a Windows-1252 accent after 8 MiB of ASCII errors its row invalid_value', async () => {
    // Prepare: 9 MiB of plain ASCII (a cell of a column that maps to nothing), then a row in Windows-1252.
    const ws = nextWs();
    const bytes = Buffer.concat([
      Buffer.from(`Email,First Name,Notes\na@x.com,Ann,${'n'.repeat(9 * 1024 * 1024)}\n`, 'utf8'),
      Buffer.from('rene@x.com,Ren\xe9 Fran\xe7ois,\nlast@x.com,Last,\n', 'latin1'),
    ]);
    // Act
    const { summary } = await h.importCsv(bytes, { workspaceId: ws });
    // Assess: the row is errored naming its column; no stored name holds U+FFFD.
    expect(summary.counts).toMatchObject({ rows: 3, created: 2, errored: 1 });
    expect(summary.errors).toEqual([
      expect.objectContaining({ row: 3, code: 'invalid_value', column: 'First Name' }),
    ]);
    const names = (await h.contacts(ws)).map((c) => c.firstName ?? '');
    expect(names.filter((name) => name.includes('\ufffd'))).toEqual([]);
  }, 300_000);
});
