/** Codes the index holds at most (12 bytes a slot, two slots a code: 12 MB); beyond, pages are found by the code. */
export const CODE_INDEX_MAX = 500_000;

/**
 * Where each public code's merchant row is (its rowid), kept in memory by the SQLite page reader: the integrity page then
 * reads its row by rowid instead of first descending the public-code index (uniform codes over 250,000 merchants: 34 →
 * 31 µs of server CPU a page). It is only a hint: the page's statement checks the code on the row it finds and the
 * reader falls back to the index when it differs, so a stale entry (a VACUUM renumbered the rows, a code changed) or two
 * codes of the same hash cost a second lookup, never a wrong page. Open addressing over typed arrays, outside V8's heap.
 */
export class CodeIndex {
  private hashes: Int32Array;
  private rowids: Float64Array;
  private size = 0;

  constructor(
    expected = 0,
    private readonly max = CODE_INDEX_MAX,
  ) {
    let capacity = 1024;
    while (capacity < Math.min(expected, max) * 2) capacity *= 2;
    this.hashes = new Int32Array(capacity);
    this.rowids = new Float64Array(capacity);
  }

  /** FNV-1a over the code's characters (codes are short ASCII); never 0, which marks an empty slot. */
  static hash(code: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 0x01000193);
    return h === 0 ? 1 : h;
  }

  /** The rowid last remembered for a code of this code's hash, or -1. */
  get(code: string): number {
    const h = CodeIndex.hash(code);
    const mask = this.hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const x = this.hashes[i] as number;
      if (x === 0) return -1;
      if (x === h) return this.rowids[i] as number;
    }
  }

  /** Remembers where a code's row is (replacing what a code of the same hash had); a full index takes no new codes. */
  set(code: string, rowid: number): void {
    if ((this.size + 1) * 2 > this.hashes.length) {
      if (this.size >= this.max) return this.put(CodeIndex.hash(code), rowid, false);
      this.grow();
    }
    this.put(CodeIndex.hash(code), rowid, true);
  }

  private put(h: number, rowid: number, add: boolean): void {
    const mask = this.hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const x = this.hashes[i] as number;
      if (x === h || (x === 0 && add)) {
        if (x === 0) this.size++;
        this.hashes[i] = h;
        this.rowids[i] = rowid;
        return;
      }
      if (x === 0) return;
    }
  }

  private grow(): void {
    const { hashes, rowids } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.rowids = new Float64Array(hashes.length * 2);
    this.size = 0;
    for (let i = 0; i < hashes.length; i++) if (hashes[i] !== 0) this.put(hashes[i] as number, rowids[i] as number, true);
  }
}
