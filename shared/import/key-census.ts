// How many more times the rest of a file names each email and phone, in a few megabytes whatever its size.
// A dry run keeps in memory only what a row still ahead can reach (README "dry run").

/** Counters saturate here and then never count down again: the key stays "ahead" for good, which is safe. */
const SATURATED = 255;
const MIN_COUNTERS = 2 ** 20;
/**
 * 128 MB at most: a 5 GB file names ~30 million keys, and 8 counters a key keep false positives (kept changes) near
 * 5 %; a tighter cap would let them climb past 50 % for such a file and keep most changes in memory instead.
 */
const MAX_COUNTERS = 2 ** 27;
/** The positions of the key being looked at: one buffer, so that counting a key allocates nothing. */
const SCRATCH = new Uint32Array(3);

/**
 * A counting Bloom filter over the file's keys: each key adds one to three counters per row that names it, and
 * takes one off as that row is passed. A counter never falls below the occurrences still ahead of the keys that
 * share it, so "nothing ahead" is always true when said; "ahead" may be a false positive, which only costs memory.
 * As rows are passed the counters empty, and false positives with them.
 */
export class KeyCensus {
  private readonly counters: Uint8Array;
  private readonly mask: number;
  /** The last row whose keys were passed: a row planned again after a conflict is not passed twice. */
  private lastPassed = -1;

  /** `expectedKeys` sizes the filter (8 one-byte counters a key, between 1 MB and 128 MB). */
  constructor(expectedKeys: number) {
    const wanted = Math.min(MAX_COUNTERS, Math.max(MIN_COUNTERS, expectedKeys * 8));
    const size = 2 ** Math.ceil(Math.log2(wanted));
    this.counters = new Uint8Array(size);
    this.mask = size - 1;
  }

  /** Counts one occurrence of `key` in a row still ahead. */
  add(key: string): void {
    this.positions(key);
    for (const p of SCRATCH) {
      const value = this.counters[p] ?? 0;
      if (value < SATURATED) this.counters[p] = value + 1;
    }
  }

  /** Row `row` has been planned: its keys are behind it. Rows must be passed in file order. */
  passRow(row: number, keys: readonly (string | undefined)[]): void {
    if (row <= this.lastPassed) return;
    this.lastPassed = row;
    for (const key of keys) {
      if (!key) continue;
      this.positions(key);
      for (const p of SCRATCH) {
        const value = this.counters[p] ?? 0;
        if (value > 0 && value < SATURATED) this.counters[p] = value - 1;
      }
    }
  }

  /** A row not yet passed may name `key`; false means none does. */
  ahead(key: string): boolean {
    this.positions(key);
    for (const p of SCRATCH) if ((this.counters[p] ?? 0) === 0) return false;
    return true;
  }

  /** Three distinct counter positions from two 32-bit FNV-1a variants (Kirsch–Mitzenmacher double hashing). */
  private positions(key: string): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995) ^ (h2 >>> 15);
    }
    // An odd step over a power-of-two table never lands twice on the same counter in three steps.
    h2 |= 1;
    SCRATCH[0] = h1 & this.mask;
    SCRATCH[1] = (h1 + h2) & this.mask;
    SCRATCH[2] = (h1 + 2 * h2) & this.mask;
  }
}
