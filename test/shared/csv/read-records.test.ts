import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bufferByteSource } from '../../../shared/csv/buffer-byte-source.js';
import type { ByteSource } from '../../../shared/csv/byte-source.js';
import {
  type CsvDialect,
  type CsvReadEvent,
  MAX_RECORD_BYTES,
  type ReadPosition,
  readRecords,
} from '../../../shared/csv/read-records.js';
import type { SupportedDelimiter, SupportedEncoding } from '../../../shared/domain/import-options.js';

const BOMS: Record<SupportedEncoding, string> = {
  'utf-8': '\ufeff',
  'utf-16le': '\ufeff',
  'utf-16be': '\ufeff',
  'windows-1252': '',
};
const BOM_LENGTHS: Record<SupportedEncoding, number> = {
  'utf-8': 3,
  'utf-16le': 2,
  'utf-16be': 2,
  'windows-1252': 0,
};
const ENCODINGS = Object.keys(BOMS) as SupportedEncoding[];

/** The file Excel would write for `text` in `encoding`, with a BOM where Excel puts one. */
function encodeFile(
  text: string,
  encoding: SupportedEncoding,
  withBom = true,
): { bytes: Buffer; dialect: CsvDialect } {
  const bom = withBom ? BOMS[encoding] : '';
  const bytes = iconv.encode(bom + text, encoding, { addBOM: false });
  return { bytes, dialect: { encoding, bomLength: bom === '' ? 0 : BOM_LENGTHS[encoding], delimiter: ',' } };
}

/** Serves the bytes in chunks of 1, 2, 3, 1, 2, 3… bytes, to split characters and line ends everywhere. */
function tinyChunkSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    open: async (start) =>
      (async function* () {
        let size = 1;
        for (let offset = start; offset < bytes.length; offset += size, size = (size % 3) + 1) {
          yield bytes.subarray(offset, offset + size);
        }
      })(),
  };
}

async function readAll(
  source: ByteSource,
  dialect: CsvDialect,
  from?: ReadPosition,
): Promise<CsvReadEvent[]> {
  const events: CsvReadEvent[] = [];
  for await (const event of readRecords(source, dialect, from)) events.push(event);
  return events;
}

async function readCells(text: string, delimiter: SupportedDelimiter = ','): Promise<string[][]> {
  const bytes = Buffer.from(text, 'utf8');
  const events = await readAll(bufferByteSource(bytes), { encoding: 'utf-8', bomLength: 0, delimiter });
  return events.map((event) => (event.type === 'record' ? event.cells : []));
}

async function readError(
  source: ByteSource,
  dialect: CsvDialect,
): Promise<{ error: unknown; events: CsvReadEvent[] }> {
  const events: CsvReadEvent[] = [];
  try {
    for await (const event of readRecords(source, dialect)) events.push(event);
  } catch (error) {
    return { error, events };
  }
  throw new Error('expected the read to fail');
}

const CONTACTS =
  'First Name,Last Name,Email,Notes\r\n' +
  'Zoë,Müller,zoe@example.com,"Prefers ""Zoë"", not Zoe"\r\n' +
  '\r\n' +
  'François,Dupont,"f@example.com","Owes €5,\r\nsee ticket"\r\n' +
  'Åsa,Öberg,asa@example.se,\r\n';

describe('readRecords', () => {
  it.each(ENCODINGS)(
    'reads accented names, quotes and a multi-line value from a %s file',
    async (encoding) => {
      // Prepare
      const { bytes, dialect } = encodeFile(CONTACTS, encoding);

      // Act
      const events = await readAll(bufferByteSource(bytes), dialect);

      // Assess
      expect(events.map((event) => event.type === 'record' && [event.index, event.cells])).toEqual([
        [1, ['First Name', 'Last Name', 'Email', 'Notes']],
        [2, ['Zoë', 'Müller', 'zoe@example.com', 'Prefers "Zoë", not Zoe']],
        [3, ['']],
        [4, ['François', 'Dupont', 'f@example.com', 'Owes €5,\r\nsee ticket']],
        [5, ['Åsa', 'Öberg', 'asa@example.se', '']],
      ]);
      expect(events.at(-1)?.endOffset).toBe(bytes.length);
    },
  );

  it.each(ENCODINGS)(
    'gives the same records and offsets when a %s file arrives 1 to 3 bytes at a time',
    async (encoding) => {
      // Prepare
      const { bytes, dialect } = encodeFile(`${CONTACTS}Last,Row,🙂 emoji,😀`, encoding);

      // Act
      const whole = await readAll(bufferByteSource(bytes), dialect);
      const tiny = await readAll(tinyChunkSource(bytes), dialect);

      // Assess
      expect(tiny).toEqual(whole);
      expect(whole).toHaveLength(6);
    },
  );

  it.each(ENCODINGS)(
    'resumes a %s file at every record boundary with exactly the remaining records',
    async (encoding) => {
      // Prepare
      const { bytes, dialect } = encodeFile(`${CONTACTS}"a\rb",c\r\rlast,"row 🙂"`, encoding);
      const all = await readAll(bufferByteSource(bytes), dialect);

      // Act / Assess
      expect(all.length).toBeGreaterThan(6);
      for (const [i, event] of all.entries()) {
        const rest = await readAll(tinyChunkSource(bytes), dialect, {
          offset: event.endOffset,
          index: event.index,
        });
        expect(rest).toEqual(all.slice(i + 1));
      }
    },
  );

  it.each(ENCODINGS)('gives offsets that delimit each record in the %s bytes', async (encoding) => {
    // Prepare
    const { bytes, dialect } = encodeFile(CONTACTS, encoding);

    // Act
    const events = await readAll(bufferByteSource(bytes), dialect);

    // Assess
    let start = dialect.bomLength;
    const lines = events.map((event) => {
      const line = iconv.decode(bytes.subarray(start, event.endOffset), encoding, { stripBOM: false });
      start = event.endOffset;
      return line;
    });
    expect(lines.join('')).toBe(CONTACTS);
    expect(lines[2]).toBe('\r\n');
  });

  it('keeps Windows-1252 bytes that latin1 and iconv-lite read differently, one character per byte', async () => {
    // Prepare
    const bytes = Buffer.from([0x80, 0x2c, 0x81, 0x8d, 0x9d, 0x2c, 0x93, 0x41, 0x94, 0x0a, 0xe9, 0x0a]);
    const dialect: CsvDialect = { encoding: 'windows-1252', bomLength: 0, delimiter: ',' };

    // Act
    const events = await readAll(bufferByteSource(bytes), dialect);

    // Assess
    expect(events).toEqual([
      { type: 'record', index: 1, cells: ['€', '\u0081\u008d\u009d', '“A”'], endOffset: 10 },
      { type: 'record', index: 2, cells: ['é'], endOffset: 12 },
    ]);
  });

  it('keeps invalid UTF-8 bytes out of the offsets', async () => {
    // Prepare: "é" written in Windows-1252 inside a UTF-8 file reads as U+FFFD, 3 bytes if re-encoded.
    const bytes = Buffer.concat([Buffer.from('Ren'), Buffer.from([0xe9]), Buffer.from(',x\nnext,y\n')]);
    const dialect: CsvDialect = { encoding: 'utf-8', bomLength: 0, delimiter: ',' };

    // Act
    const events = await readAll(bufferByteSource(bytes), dialect);

    // Assess
    expect(events).toEqual([
      { type: 'record', index: 1, cells: ['Ren\ufffd', 'x'], endOffset: 7 },
      { type: 'record', index: 2, cells: ['next', 'y'], endOffset: 14 },
    ]);
  });

  it.each([
    ['\n', 'a,b\nc,d\n'],
    ['\r\n', 'a,b\r\nc,d\r\n'],
    ['\r', 'a,b\rc,d\r'],
    ['mixed', 'a,b\r\nc,d\n'],
    ['no line end at the end of', 'a,b\nc,d'],
  ])('ends records at %j line ends', async (_name, text) => {
    // Act
    const cells = await readCells(text);

    // Assess
    expect(cells).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it.each([
    [',', 'name,email\nAda,ada@example.com\n'],
    [';', 'name;email\nAda;ada@example.com\n'],
    ['\t', 'name\temail\nAda\tada@example.com\n'],
    ['|', 'name|email\nAda|ada@example.com\n'],
  ] as const)('splits cells on %j', async (delimiter, text) => {
    // Act
    const cells = await readCells(text, delimiter);

    // Assess
    expect(cells).toEqual([
      ['name', 'email'],
      ['Ada', 'ada@example.com'],
    ]);
  });

  it('reads quoted delimiters, doubled quotes and line breaks as text', async () => {
    // Act
    const cells = await readCells('"Acme, Inc.","She said ""hi""","line 1\nline 2\r\nline 3",plain\n');

    // Assess
    expect(cells).toEqual([['Acme, Inc.', 'She said "hi"', 'line 1\nline 2\r\nline 3', 'plain']]);
  });

  it('keeps a quote inside an unquoted value as text, as Excel does', async () => {
    // Act
    const cells = await readCells('Robert "Bob" Smith,5" screen\n"Jo"hn,x\n');

    // Assess
    expect(cells).toEqual([
      ['Robert "Bob" Smith', '5" screen'],
      ['"Jo"hn', 'x'],
    ]);
  });

  it('yields an empty line as a record of one empty cell and no record for the final line end', async () => {
    // Act
    const cells = await readCells('a,b\n\n\nc,d\n');

    // Assess
    expect(cells).toEqual([['a', 'b'], [''], [''], ['c', 'd']]);
  });

  it('numbers records from the top of the file, a multi-line record counting once', async () => {
    // Prepare
    const bytes = Buffer.from('Notes:\n\n"multi\nline",x\nlast\n');

    // Act
    const events = await readAll(bufferByteSource(bytes), {
      encoding: 'utf-8',
      bomLength: 0,
      delimiter: ',',
    });

    // Assess
    expect(events.map((event) => [event.index, event.endOffset])).toEqual([
      [1, 7],
      [2, 8],
      [3, 23],
      [4, 28],
    ]);
  });

  it('keeps rows of different lengths as they are', async () => {
    // Act
    const cells = await readCells('a,b,c\nd\ne,f,g,h\n');

    // Assess
    expect(cells).toEqual([['a', 'b', 'c'], ['d'], ['e', 'f', 'g', 'h']]);
  });

  it('skips the BOM of the first record but counts it in its offset', async () => {
    // Prepare
    const { bytes, dialect } = encodeFile('email\na@example.com\n', 'utf-8');

    // Act
    const events = await readAll(bufferByteSource(bytes), dialect);

    // Assess
    expect(events).toEqual([
      { type: 'record', index: 1, cells: ['email'], endOffset: 9 },
      { type: 'record', index: 2, cells: ['a@example.com'], endOffset: 23 },
    ]);
  });

  it('keeps a U+FEFF that starts a resumed read', async () => {
    // Prepare
    const { bytes, dialect } = encodeFile('a\n\ufeffb\n', 'utf-16le');

    // Act
    const rest = await readAll(bufferByteSource(bytes), dialect, { offset: 6, index: 1 });

    // Assess
    expect(rest).toEqual([{ type: 'record', index: 2, cells: ['\ufeffb'], endOffset: 12 }]);
  });

  it('yields nothing when resumed at the end of the file', async () => {
    // Prepare
    const bytes = Buffer.from('a\nb\n');

    // Act
    const rest = await readAll(
      bufferByteSource(bytes),
      { encoding: 'utf-8', bomLength: 0, delimiter: ',' },
      {
        offset: 4,
        index: 2,
      },
    );

    // Assess
    expect(rest).toEqual([]);
  });

  it('skips the line of a value whose quote is never closed as a malformed row, and reads the rows after it', async () => {
    // Prepare
    const bytes = Buffer.from('name,email\nAda,ada@example.com\n"Bob,bob@example.com\nCy,cy@example.com\n');

    // Act
    const events = await readAll(bufferByteSource(bytes), {
      encoding: 'utf-8',
      bomLength: 0,
      delimiter: ',',
    });

    // Assess
    expect(events.map((event) => [event.type, event.index])).toEqual([
      ['record', 1],
      ['record', 2],
      ['malformed', 3],
      ['record', 4],
    ]);
    expect(events[2]).toMatchObject({
      endOffset: 'name,email\nAda,ada@example.com\n"Bob,bob@example.com\n'.length,
    });
    expect((events[2] as { message: string }).message).toMatch(/Row 3 .*never closed/);
    expect(events[3]).toMatchObject({ cells: ['Cy', 'cy@example.com'] });
  });

  it('skips an unclosed quote on the last line of a UTF-16 file the same way', async () => {
    // Prepare
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('email\r\n"a@x.com\r\nb@x.com\r\n', 'utf16le'),
    ]);

    // Act
    const events = await readAll(bufferByteSource(bytes, 3), {
      encoding: 'utf-16le',
      bomLength: 2,
      delimiter: ',',
    });

    // Assess
    expect(events.map((event) => event.type)).toEqual(['record', 'malformed', 'record']);
    expect(events[2]).toMatchObject({ index: 3, cells: ['b@x.com'], endOffset: bytes.length });
  });

  it('skips a record that grows past the size limit up to its line end', async () => {
    // Prepare
    const bytes = Buffer.concat([
      Buffer.from('a\n"'),
      Buffer.alloc(MAX_RECORD_BYTES + 1, 0x61),
      Buffer.from('"\nb\n'),
    ]);

    // Act
    const events = await readAll(bufferByteSource(bytes, 1024 * 1024), {
      encoding: 'utf-8',
      bomLength: 0,
      delimiter: ',',
    });

    // Assess
    expect(events.map((event) => [event.type, event.index])).toEqual([
      ['record', 1],
      ['malformed', 2],
      ['record', 3],
    ]);
  });

  it('fails with malformed_csv when a record grows past the size limit and no line ever ends', async () => {
    // Prepare
    const bytes = Buffer.concat([
      Buffer.from('a\n"'),
      Buffer.alloc(MAX_RECORD_BYTES + 2 * 1024 * 1024, 0x61),
    ]);

    // Act
    const { error, events } = await readError(bufferByteSource(bytes, 1024 * 1024), {
      encoding: 'utf-8',
      bomLength: 0,
      delimiter: ',',
    });

    // Assess
    expect(events).toHaveLength(1);
    expect(error).toMatchObject({ code: 'malformed_csv', context: { row: 2 } });
  });

  it('stops reading the source when the reader is left early', async () => {
    // Prepare
    let chunksServed = 0;
    const source: ByteSource = {
      size: Number.MAX_SAFE_INTEGER,
      open: async () =>
        (async function* () {
          for (;;) {
            chunksServed++;
            yield Buffer.from('a,b\n'.repeat(1000));
          }
        })(),
    };

    // Act
    let seen = 0;
    for await (const _event of readRecords(source, { encoding: 'utf-8', bomLength: 0, delimiter: ',' })) {
      if (++seen === 1500) break;
    }

    // Assess
    expect(chunksServed).toBe(2);
  });

  it('reads a source that hands over the whole file as one large chunk', async () => {
    // Prepare
    const text = `email\n${'zoë@example.com\n'.repeat(20_000)}`;
    const bytes = Buffer.from(text, 'utf8');

    // Act
    const events = await readAll(bufferByteSource(bytes, bytes.length), {
      encoding: 'utf-8',
      bomLength: 0,
      delimiter: ',',
    });

    // Assess
    expect(events).toHaveLength(20_001);
    expect(events.at(-1)).toEqual({
      type: 'record',
      index: 20_001,
      cells: ['zoë@example.com'],
      endOffset: bytes.length,
    });
  });
});
