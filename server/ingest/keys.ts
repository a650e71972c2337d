/**
 * Duplicate keys of a file → the row that had them first. A 2-million-row population extract has
 * 2 million keys: a JavaScript Map of them costs ~100 MB and slows every garbage collection, so
 * keys made of 9–12 digits (personal IDs) live in an open-addressing table of typed arrays
 * (12 bytes a slot, invisible to the collector); other keys in a Map.
 */

const EMPTY = 0; // digit keys are encoded as length·10¹² + value ≥ 9·10¹², never 0

export class KeyRegistry {
  private keys = new Float64Array(1 << 16);
  private rows = new Int32Array(1 << 16);
  private used = 0;
  private readonly others = new Map<string | number, number>();

  get size() {
    return this.used + this.others.size;
  }

  /** The row that registered `key` first; registers it for `rowNo` when new (answers undefined). */
  firstOrAdd(key: string | number, rowNo: number): number | undefined {
    const digits = typeof key === 'string' ? digitKey(key) : -1;
    if (digits < 0) {
      const first = this.others.get(key);
      if (first === undefined) this.others.set(key, rowNo);
      return first;
    }
    let mask = this.keys.length - 1;
    let i = hash(digits) & mask;
    for (;;) {
      const k = this.keys[i];
      if (k === EMPTY) break;
      if (k === digits) return this.rows[i];
      i = (i + 1) & mask;
    }
    this.keys[i] = digits;
    this.rows[i] = rowNo;
    if (++this.used * 2 > this.keys.length) {
      this.grow();
      mask = this.keys.length - 1;
    }
    return undefined;
  }

  private grow() {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k === EMPTY) continue;
      let i = hash(k) & mask;
      while (this.keys[i] !== EMPTY) i = (i + 1) & mask;
      this.keys[i] = k;
      this.rows[i] = oldRows[j];
    }
  }
}

/** A key of 9–12 ASCII digits as length·10¹² + value (exact in a double); -1 for anything else. */
function digitKey(key: string): number {
  const n = key.length;
  if (n < 9 || n > 12) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return n * 1e12 + v;
}

/** Mixes the high and low 32 bits of the key (both matter: IDs share prefixes and serials), murmur3 finaliser. */
function hash(k: number): number {
  const lo = (k % 4294967296) | 0;
  const hi = (k / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
