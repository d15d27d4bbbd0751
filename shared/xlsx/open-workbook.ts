// Opens an .xlsx workbook: its sheets in tab order, date system, cell number formats and shared strings.

import type { ByteSource } from '../csv/byte-source.js';
import { ImportError } from '../errors.js';
import { decodeOoxmlEscapes } from './format-cell.js';
import type { MergedRange } from './merged-ranges.js';
import { builtInFormatKind, formatCodeKind, type NumberFormatKind } from './number-formats.js';
import { SharedStrings } from './shared-strings.js';
import { readXmlPart } from './xml-part.js';
import { openZipArchive, type ZipArchive } from './zip-archive.js';

export interface SheetEntry {
  name: string;
  /** The sheet's part in the archive (`xl/worksheets/sheet1.xml`). */
  part: string;
  hidden: boolean;
}

export interface Workbook {
  archive: ZipArchive;
  /** The worksheets in tab order (chart and dialog sheets left out). */
  sheets: SheetEntry[];
  /** The 1904 date system (Excel for Mac before 2011): serial 0 is 1904-01-01. */
  date1904: boolean;
  /** How each cell style (a cell's `s`) shows numbers. */
  formats: NumberFormatKind[];
  sharedStrings: SharedStrings;
  /** Each sheet's merged ranges, found once per workbook opened (every pass over the sheet needs them). */
  mergedRanges: Map<string, Promise<MergedRange[]>>;
}

const SAVE_AS =
  'Open it in its spreadsheet program and save it as an Excel workbook (.xlsx) or as "CSV UTF-8", then import that file.';

const REL_WORKSHEET = /\/worksheet$/;
const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** A relationship's target as an archive path: relative to the folder of the part that names it, or absolute. */
const resolveTarget = (fromPart: string, target: string): string => {
  const parts = target.startsWith('/') ? [] : fromPart.split('/').slice(0, -1);
  for (const piece of target.replace(/^\//, '').split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
};

const relsPartOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

const readRelationships = async (archive: ZipArchive, part: string): Promise<Relationship[]> => {
  const relsPart = relsPartOf(part);
  if (!archive.has(relsPart)) return [];
  const rels: Relationship[] = [];
  await readXmlPart(relsPart, archive.read(relsPart), {
    open: (name, a) => {
      if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') {
        rels.push({ id: a.Id, type: a.Type ?? '', target: resolveTarget(part, a.Target) });
      }
    },
  });
  return rels;
};

/** What kind of zip archive this is, when it is not a workbook the importer reads: for a clear `not_csv`. */
const describeOtherArchive = (archive: ZipArchive): string => {
  const has = (name: string) => archive.has(name);
  if (has('xl/workbook.bin'))
    return `This file is an Excel binary workbook (.xlsb), not a CSV file. ${SAVE_AS}`;
  if (has('content.xml') && has('mimetype'))
    return `This file is an OpenDocument spreadsheet (.ods), not a CSV file. ${SAVE_AS}`;
  if (has('Index/Document.iwa') || archive.names().some((name) => name.startsWith('Index/')))
    return `This file is a Numbers spreadsheet (.numbers), not a CSV file. ${SAVE_AS}`;
  if (has('word/document.xml')) return `This file is a Word document (.docx), not a CSV file. ${SAVE_AS}`;
  return `This file is a zip archive, not a CSV file or an Excel workbook. Extract the CSV or .xlsx file inside and import that.`;
};

/** The workbook part an archive names in its package relationships, or the conventional one. */
const findWorkbookPart = async (archive: ZipArchive): Promise<string | undefined> => {
  if (archive.has('_rels/.rels')) {
    const rels = await readRelationships(archive, '');
    const document = rels.find((rel) => REL_OFFICE_DOCUMENT.test(rel.type))?.target;
    if (document && archive.has(document) && document.endsWith('.xml')) return document;
  }
  return archive.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined;
};

const readFormats = async (archive: ZipArchive, part: string | undefined): Promise<NumberFormatKind[]> => {
  if (!part || !archive.has(part)) return [];
  const codes = new Map<number, NumberFormatKind>();
  const formats: NumberFormatKind[] = [];
  let inCellXfs = false;
  await readXmlPart(part, archive.read(part), {
    open: (name, a) => {
      if (name === 'numFmt' && a.numFmtId && a.formatCode !== undefined) {
        codes.set(Number(a.numFmtId), formatCodeKind(a.formatCode));
      } else if (name === 'cellXfs') {
        inCellXfs = true;
      } else if (name === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        formats.push(codes.get(id) ?? builtInFormatKind(id));
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return formats;
};

const readSharedStrings = async (archive: ZipArchive, part: string | undefined): Promise<SharedStrings> => {
  const table = new SharedStrings();
  if (!part || !archive.has(part)) return table;
  let text = '';
  let inItem = false;
  let inText = false;
  /** Phonetic runs (`rPh`) hold readings of East Asian text, not part of the cell's value. */
  let phonetic = 0;
  await readXmlPart(part, archive.read(part), {
    // saxes reports a self-closing element as an open and a close.
    open: (name) => {
      if (name === 'si') {
        inItem = true;
        text = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inItem && phonetic === 0) inText = true;
    },
    text: (value) => {
      if (inText) text += value;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        inItem = false;
        table.add(decodeOoxmlEscapes(text));
      }
    },
  });
  return table;
};

/** Workbooks opened, by source: detection, census and rows of one invocation read the shared strings once. */
const cache = new WeakMap<ByteSource, Promise<Workbook>>();

/**
 * Opens the workbook in `source` once per source (the engine's passes share its shared strings). Fails `not_csv`
 * with a message naming what the archive is when it is not an .xlsx workbook (.ods, .numbers, .xlsb, …).
 */
export const openWorkbook = (source: ByteSource): Promise<Workbook> => {
  let opened = cache.get(source);
  if (!opened) {
    opened = loadWorkbook(source);
    cache.set(source, opened);
    opened.catch(() => cache.delete(source));
  }
  return opened;
};

const loadWorkbook = async (source: ByteSource): Promise<Workbook> => {
  const archive = await openZipArchive(source);
  const workbookPart = await findWorkbookPart(archive);
  if (!workbookPart) throw new ImportError('not_csv', describeOtherArchive(archive));
  const rels = await readRelationships(archive, workbookPart);
  const worksheets = new Map(
    rels.filter((rel) => REL_WORKSHEET.test(rel.type)).map((rel) => [rel.id, rel.target]),
  );
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  await readXmlPart(workbookPart, archive.read(workbookPart), {
    open: (name, a) => {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet' && a.name !== undefined) {
        const part = a.id ? worksheets.get(a.id) : undefined;
        if (part && archive.has(part)) {
          sheets.push({ name: a.name, part, hidden: a.state === 'hidden' || a.state === 'veryHidden' });
        }
      }
    },
  });
  if (sheets.length === 0) {
    throw new ImportError('empty_file', 'the workbook has no worksheet');
  }
  const styles = rels.find((rel) => REL_STYLES.test(rel.type))?.target;
  const strings = rels.find((rel) => REL_SHARED_STRINGS.test(rel.type))?.target;
  const formats = await readFormats(archive, styles);
  const sharedStrings = await readSharedStrings(archive, strings);
  return { archive, sheets, date1904, formats, sharedStrings, mergedRanges: new Map() };
};
