/** A small seeded PRNG (mulberry32) so a fuzz run can be replayed from its printed seed. */
export class Prng {
  private s: number;
  constructor(readonly seed: number) {
    this.s = seed >>> 0;
  }
  /** a float in [0, 1) */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** an integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** true with probability p */
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** one element of a non-empty list */
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[this.int(list.length)] as T;
  }
}

/** The seed of this run: FUZZ_SEED when set, else one drawn now (printed, so a failure can be replayed). */
export function fuzzSeed(): number {
  const env = process.env.FUZZ_SEED;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n)) throw new Error(`FUZZ_SEED must be an integer, got ${env}`);
    return n >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** How many requests to send: FUZZ_COUNT when set, else the given default. */
export function fuzzCount(fallback: number): number {
  const n = Number(process.env.FUZZ_COUNT ?? '');
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
