import { describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId (UUIDv7 primary keys and request ids)', () => {
  it('writes the time big-endian in the first 48 bits, then version 7 and the RFC 9562 variant', () => {
    const at = Date.UTC(2026, 10, 26, 8, 30);
    const id = newId(at);
    expect(id).toMatch(UUID7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    expect(newId(0).slice(0, 13)).toBe('00000000-0000');
    expect(newId(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });

  it('sorts by creation time and never repeats, across refills of the random pool', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newId(1_795_000_000_000 + i));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID7);
  });
});
