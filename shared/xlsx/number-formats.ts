// Which number formats show a cell as a date, a time or zero-padded digits: Excel's built-in ids and format codes.

/** How a numeric cell is shown: as a number, a date, a date and time, a time, or digits padded with zeros. */
export type NumberFormatKind =
  | { kind: 'number' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'time' }
  | { kind: 'zeros'; digits: number };

const NUMBER: NumberFormatKind = { kind: 'number' };

/** Built-in formats (ECMA-376 §18.8.30, and the East Asian ids Excel uses) that show dates or times. */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]);
const BUILT_IN_TIMES = new Set([18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56]);
const BUILT_IN_DATETIMES = new Set([22]);

/** The kind of a built-in format id, when it has no format code of its own. */
export const builtInFormatKind = (id: number): NumberFormatKind => {
  if (BUILT_IN_DATES.has(id)) return { kind: 'date' };
  if (BUILT_IN_TIMES.has(id)) return { kind: 'time' };
  if (BUILT_IN_DATETIMES.has(id)) return { kind: 'datetime' };
  return NUMBER;
};

/**
 * The kind of a format code such as `yyyy-mm-dd`, `[$-409]d/m/yy h:mm AM/PM` or `00000`: its first section, with
 * quoted text, escaped characters and bracketed parts (colours, locales, conditions) left out.
 */
export const formatCodeKind = (code: string): NumberFormatKind => {
  const section = (code.split(';')[0] ?? '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '')
    .replace(/\*./g, '');
  const elapsed = /\[(h+|m+|s+)\]/i.test(section);
  const bare = section.replace(/\[[^\]]*\]/g, '').toLowerCase();
  if (/^0{2,}$/.test(bare)) return { kind: 'zeros', digits: bare.length };
  if (bare === 'general' || /[#0?]/.test(bare.replace(/\.0+/g, '')))
    return elapsed ? { kind: 'time' } : NUMBER;
  const hasDate = /[yd]/.test(bare) || (/m/.test(bare) && !/[hs]/.test(bare));
  const hasTime = elapsed || /[hs]/.test(bare);
  if (hasDate && hasTime) return { kind: 'datetime' };
  if (hasDate) return { kind: 'date' };
  if (hasTime) return { kind: 'time' };
  return NUMBER;
};
