// Small random contact files with the situations an import must get right: in-file duplicates, phone matches,
// ambiguous phones, row errors, skips and tags; plus the workspace state they are imported over.

import { pick } from './faults.js';

/** Valid US numbers, written as E.164 or in the national format people type. */
const phone = (n: number, national: boolean) => {
  const digits = String(1000 + n).padStart(4, '0');
  return national ? `(415) 555-${digits}` : `+1415555${digits}`;
};

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csvLine = (cells: string[]) => cells.map(csvCell).join(',');

export const HEADER = ['Email', 'Phone', 'First Name', 'Last Name', 'Company', 'Tags', 'Score', 'Notes'];

/**
 * What both the reference and the interrupted workspace hold before the file: contacts with emails, a
 * phone-only contact, and two contacts sharing phone 900 (a phone-only row with it is ambiguous).
 */
export const BEFORE_FILE = [
  HEADER.join(','),
  csvLine(['old1@x.com', phone(101, false), 'Olga', 'One', 'Acme', 'old', '1', '']),
  csvLine(['old2@x.com', '', 'Omar', 'Two', '', 'old;vip', '', '']),
  csvLine(['', phone(102, false), 'Pat', 'Phoneonly', '', '', '', '']),
  csvLine(['shared1@x.com', phone(900, false), 'Sam', 'Shared', '', '', '', '']),
  csvLine(['shared2@x.com', phone(900, false), 'Sue', 'Shared', '', '', '', '']),
  '',
].join('\n');

export interface GeneratedFile {
  csv: string;
  rows: number;
}

/** A file of `rows` data rows drawn from `random`, each row one of the situations above. */
export const generateFile = (random: () => number, rows: number): GeneratedFile => {
  const lines = [HEADER.join(',')];
  const seenEmails: string[] = [];
  const tags = ['alpha', 'beta', 'Gamma', 'delta', 'vip', 'Alpha'];
  const name = () => pick(random, ['Ann', 'Bob', 'Chloé', 'Dmitri', 'Eve', '=1+1', 'Zoë']);
  const tagCell = () => {
    const count = Math.floor(random() * 3);
    return Array.from({ length: count }, () => pick(random, tags)).join(pick(random, [';', ',', '|']));
  };
  const score = () => (random() < 0.3 ? String(Math.floor(random() * 100)) : '');
  for (let i = 0; i < rows; i++) {
    const roll = random();
    let cells: string[];
    if (roll < 0.3) {
      const email = `new${Math.floor(random() * 1000)}@x.com`;
      seenEmails.push(email);
      const withPhone = random() < 0.5;
      cells = [
        email,
        withPhone ? phone(200 + Math.floor(random() * 20), random() < 0.5) : '',
        name(),
        'Lee',
        '',
        tagCell(),
        score(),
        '',
      ];
    } else if (roll < 0.45 && seenEmails.length > 0) {
      // The same email again later in the file, in another case: it updates what the earlier row created.
      const email = pick(random, seenEmails);
      cells = [
        random() < 0.5 ? email.toUpperCase() : email,
        '',
        '',
        name(),
        'Initech',
        tagCell(),
        score(),
        '',
      ];
    } else if (roll < 0.55) {
      cells = [pick(random, ['old1@x.com', 'old2@x.com']), '', '', '', 'Globex', tagCell(), score(), ''];
    } else if (roll < 0.62) {
      // Phone only: matches the contact that has it.
      cells = ['', phone(pick(random, [101, 102]), random() < 0.5), name(), '', '', tagCell(), '', ''];
    } else if (roll < 0.66) {
      cells = ['', phone(900, true), name(), '', '', '', '', ''];
    } else if (roll < 0.7) {
      cells = [`bad${i}@`, '', name(), '', '', 'alpha', '', "=cmd|' /C calc'!A0"];
    } else if (roll < 0.74) {
      cells = [`p${i}@x.com`, '12', name(), '', '', '', '', ''];
    } else if (roll < 0.78) {
      cells = [`s${i}@x.com`, '', name(), '', '', '', 'lots', ''];
    } else if (roll < 0.81) {
      cells = ['', '', '', '', '', '', '', ''];
    } else if (roll < 0.84) {
      cells = ['', '', '', '', 'Nameless Inc', '', '', 'no identity'];
    } else if (roll < 0.87) {
      cells = [`x${i}@x.com`, '', name(), '', '', '', '', '', 'extra'];
    } else if (roll < 0.9) {
      cells = [`q${i}@x.com`, '', 'Multi, "quoted"\nname', '', '', '', '', ''];
    } else {
      // Identical to the contact as it stands: unchanged, or updated when earlier rows changed it.
      cells = ['old2@x.com', '', 'Omar', 'Two', '', 'old', '', ''];
    }
    lines.push(csvLine(cells));
  }
  return { csv: `${lines.join(random() < 0.5 ? '\n' : '\r\n')}\n`, rows };
};
