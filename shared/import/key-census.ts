// Which emails and phones a file mentions once or more than once, in a few megabytes whatever its size.
// A dry run keeps in memory only what a later row of the same file can still reach (README "dry run").

/** Two Bloom filters: keys seen at least once, and keys seen at least twice. False positives only cost memory. */
export class KeyCensus {
  private readonly once: Uint32Array;
  private readonly twice: Uint32Array;
  private readonly mask: number;

  /** `expectedKeys` sizes the filters (16 bits a key, between 1 Mbit and 256 Mbit each). */
  constructor(expectedKeys: number) {
    const wanted = Math.min(2 ** 28, Math.max(2 ** 20, expectedKeys * 16));
    const bits = 2 ** Math.ceil(Math.log2(wanted));
    this.once = new Uint32Array(bits / 32);
    this.twice = new Uint32Array(bits / 32);
    this.mask = bits - 1;
  }

  add(key: string): void {
    const [a, b, c] = this.positions(key);
    if (this.has(this.once, a, b, c)) this.set(this.twice, a, b, c);
    else this.set(this.once, a, b, c);
  }

  /** The file mentions the key at all. */
  seen(key: string): boolean {
    const [a, b, c] = this.positions(key);
    return this.has(this.once, a, b, c);
  }

  /** The file mentions the key in more than one row. */
  repeated(key: string): boolean {
    const [a, b, c] = this.positions(key);
    return this.has(this.twice, a, b, c);
  }

  /** Three bit positions from two 32-bit FNV-1a variants (Kirsch–Mitzenmacher double hashing). */
  private positions(key: string): [number, number, number] {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995) ^ (h2 >>> 15);
    }
    h2 |= 1;
    return [h1 & this.mask, (h1 + h2) & this.mask, (h1 + 2 * h2) & this.mask];
  }

  private has(bits: Uint32Array, ...positions: number[]): boolean {
    return positions.every((p) => ((bits[p >>> 5] ?? 0) & (1 << (p & 31))) !== 0);
  }

  private set(bits: Uint32Array, ...positions: number[]): void {
    for (const p of positions) bits[p >>> 5] = (bits[p >>> 5] ?? 0) | (1 << (p & 31));
  }
}
