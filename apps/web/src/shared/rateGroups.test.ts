import { describe, expect, it } from 'vitest';
import { rateGroupName } from './rateGroups.ts';

describe('rateGroupName', () => {
  it("keeps the alliance's own names and says the server's unnamed buckets in the user's language", () => {
    expect(rateGroupName('grid', { key: '01a221b1-fcfc-79c4-9112-57d94997c5b3', name: '新天地精品商厦' })).toBe('新天地精品商厦');
    // zh-CN (the tests' locale) reads as the server names them
    expect(rateGroupName('grid', { key: '', name: '未指定网格' })).toBe('未指定网格');
    expect(rateGroupName('lead_unit', { key: '', name: '未派单' })).toBe('未派单');
    expect(rateGroupName('category', { key: '', name: '—' })).toBe('—');
  });
});
