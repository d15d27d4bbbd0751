// Generates realistic synthetic contact CSV: names in several scripts, phones of many countries and formats,
// a mix of new, email-matched, phone-matched, duplicate and invalid rows, tags.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export interface Mix {
  /** Rows for contacts the CRM does not have. */
  new: number;
  /** Rows whose email an existing contact has. */
  email: number;
  /** Rows with no email whose phone an existing contact has. */
  phone: number;
  /** Rows repeating the email of an earlier row of the same file. */
  duplicate: number;
  /** Rows with an invalid email or phone. */
  invalid: number;
}

export const DEFAULT_MIX: Mix = { new: 0.6, email: 0.15, phone: 0.1, duplicate: 0.1, invalid: 0.05 };

export const parseMix = (text: string): Mix => {
  const mix: Mix = { new: 0, email: 0, phone: 0, duplicate: 0, invalid: 0 };
  for (const part of text.split(',')) {
    const [key, value] = part.split('=');
    if (!key || !(key in mix) || value === undefined || Number.isNaN(Number(value))) {
      throw new Error(`--mix takes new=,email=,phone=,duplicate=,invalid= shares, got "${part}"`);
    }
    mix[key as keyof Mix] = Number(value);
  }
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  for (const key of Object.keys(mix) as (keyof Mix)[]) mix[key] /= total;
  return mix;
};

/** A small deterministic PRNG (mulberry32): the same seed gives the same file. */
const prng = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const FIRST = [
  'Ana',
  'Zoë',
  'François',
  'Jürgen',
  'Søren',
  'Małgorzata',
  'Иван',
  'Ольга',
  '太郎',
  '美咲',
  'محمد',
  'فاطمة',
  'Δημήτρης',
  'Priya',
  'Chloé',
  'José',
  'Siobhán',
  'Nguyễn',
  'Oluwaseun',
  'Émilie',
];
const LAST = [
  'Silva',
  'Müller',
  'Lefèvre',
  'Østergaard',
  'Kowalska',
  'Иванов',
  'Смирнова',
  '山田',
  '佐藤',
  'الحسن',
  'Παπαδόπουλος',
  'Sharma',
  'García',
  "O'Brien",
  'Trần',
  'Adeyemi',
  'Dubois',
  'Rossi',
  'Nakamura',
  'Smith',
];
const COMPANIES = [
  'Acme',
  'Globex, Inc.',
  'Initech',
  'Umbrella GmbH',
  'Stark Industries',
  'Wayne Enterprises',
  'Soylent',
  'Hooli',
  'Vandelay "Imports"',
  'Tyrell Corp',
];
const TITLES = [
  'CEO',
  'CTO',
  'Head of Sales',
  'Engineer',
  'Account Manager',
  'Directeur Général',
  'Designer',
  '',
];
const TAGS = ['lead', 'customer', 'vip', 'partner', 'newsletter', 'event-2026', 'churned'];

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

/** The phone of identity `n`: the same number every time, written in one of its country's usual formats. */
const phoneOf = (n: number, random: () => number): string => {
  const m = Math.floor(n / 6);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  switch (n % 6) {
    case 0: {
      const area = [212, 415, 312, 617][m % 4] ?? 212;
      const exchange = 200 + (Math.floor(m / 4) % 700);
      const line = pad(Math.floor(m / 2800) % 10000, 4);
      return pick(random, [
        `(${area}) ${exchange}-${line}`,
        `${area}.${exchange}.${line}`,
        `+1 ${area} ${exchange} ${line}`,
      ]);
    }
    case 1:
      return pick(random, [`+44 7911 ${pad(m % 1e6, 6)}`, `0044 7911 ${pad(m % 1e6, 6)}`]);
    case 2:
      return pick(random, [`+49 151 2${pad(m % 1e7, 7)}`, `0049 1512 ${pad(m % 1e7, 7)}`]);
    case 3: {
      const d = pad(m % 1e8, 8);
      return `+33 6 ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4, 6)} ${d.slice(6)}`;
    }
    case 4:
      return `+91 98${pad(m % 1e8, 8)}`;
    default: {
      const d = pad(m % 1e8, 8);
      return `+55 11 9${d.slice(0, 4)}-${d.slice(4)}`;
    }
  }
};

const emailOf = (n: number) => `person${n}@example${n % 97}.com`;

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const HEADER = 'First Name,Last Name,Email,Phone,Company,Job Title,Tags';

const rowOf = (random: () => number, email: string, phone: string) =>
  [
    pick(random, FIRST),
    pick(random, LAST),
    email,
    phone,
    pick(random, COMPANIES),
    pick(random, TITLES),
    `${pick(random, TAGS)};${pick(random, TAGS)}`,
  ]
    .map(csvCell)
    .join(',');

const writeLines = async (path: string, lines: Iterable<string>) => {
  const out = createWriteStream(path);
  for (const line of lines) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
};

/**
 * The contacts the CRM has before the measured import (identities 0..existing-1), and the file of `rows`
 * rows whose matched rows refer to them. Identities of new rows start after the existing ones.
 */
export const generateFiles = async (
  paths: { existing: string; file: string },
  rows: number,
  mix: Mix,
  seed = 42,
): Promise<{ existing: number }> => {
  const random = prng(seed);
  const existing = Math.max(1, Math.ceil(rows * (mix.email + mix.phone)));
  await writeLines(
    paths.existing,
    (function* () {
      yield HEADER;
      for (let n = 0; n < existing; n++) yield rowOf(random, emailOf(n), phoneOf(n, random));
    })(),
  );
  await writeLines(
    paths.file,
    (function* () {
      yield HEADER;
      let next = existing;
      const written: number[] = [];
      for (let i = 0; i < rows; i++) {
        const roll = random();
        let n: number;
        if (roll < mix.new || written.length === 0) {
          n = next++;
          written.push(n);
          yield rowOf(random, emailOf(n), phoneOf(n, random));
        } else if (roll < mix.new + mix.email) {
          n = Math.floor(random() * existing);
          yield rowOf(random, emailOf(n).toUpperCase(), '');
        } else if (roll < mix.new + mix.email + mix.phone) {
          n = Math.floor(random() * existing);
          yield rowOf(random, '', phoneOf(n, random));
        } else if (roll < mix.new + mix.email + mix.phone + mix.duplicate) {
          n = pick(random, written.slice(-1000));
          yield rowOf(random, emailOf(n), '');
        } else {
          yield rowOf(random, random() < 0.5 ? `broken${i}@` : emailOf(next++), random() < 0.5 ? '12' : '');
        }
      }
    })(),
  );
  return { existing };
};
