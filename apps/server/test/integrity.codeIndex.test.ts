import { describe, expect, it } from 'vitest';
import { CodeIndex } from '../src/modules/integrity/integrity.codeIndex.ts';

describe("CodeIndex (where the integrity page finds a code's row)", () => {
  it('finds every code it was given, growing past its first size, and nothing it was not given', () => {
    const index = new CodeIndex(10);
    const codes = Array.from({ length: 5000 }, (_, i) => `c${i.toString(36).padStart(6, '0')}x`);
    codes.forEach((c, i) => index.set(c, i + 1));
    expect(codes.every((c, i) => index.get(c) === i + 1)).toBe(true);
    expect(index.get('never-given')).toBe(-1);
    index.set(codes[7] as string, 99);
    expect(index.get(codes[7] as string)).toBe(99);
  });

  it('stops taking new codes at its limit but still moves the ones it holds', () => {
    const index = new CodeIndex(0, 600);
    const codes = Array.from({ length: 2000 }, (_, i) => `k${i}`);
    codes.forEach((c, i) => index.set(c, i + 1));
    const held = codes.filter((c) => index.get(c) !== -1);
    expect(held.length).toBeGreaterThanOrEqual(600);
    expect(held.length).toBeLessThan(2000);
    index.set(held[0] as string, 7);
    expect(index.get(held[0] as string)).toBe(7);
  });
});
