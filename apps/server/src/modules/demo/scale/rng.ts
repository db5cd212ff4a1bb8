/** Seeded randomness for the generator: the same --seed gives the same data (ids, public codes and IVs excepted). */

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). */
export type Rand = () => number;

/** mulberry32 seeded with `seed`. */
export function rng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max]. */
export const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

/** One element, uniformly. */
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** A picker over [value, weight] pairs (cumulative table, binary search). */
export function weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): (rand: Rand) => T {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of pairs) cum.push((acc += w / total));
  return (rand) => {
    const r = rand();
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return (pairs[lo] as readonly [T, number])[0];
  };
}

/** Zipf-like weights 1/(i+1)^s: a few categories, grids and units carry most of the cases, as in the seeds. */
export function zipf<T>(items: readonly T[], s: number): (rand: Rand) => T {
  return weighted(items.map((x, i) => [x, 1 / Math.pow(i + 1, s)] as const));
}
