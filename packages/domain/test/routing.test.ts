import { describe, expect, it } from 'vitest';
import { routedUnit } from '../src/index.ts';

// 荷花芯商圈 → 宾王社区 → 网格一 (three levels, as the demo draws them)
const grids = [
  { id: 'hhx', parentId: null },
  { id: 'bw', parentId: 'hhx' },
  { id: 'bw1', parentId: 'bw' },
  { id: 'cc', parentId: 'hhx' },
];

describe('routedUnit (the dispatch forms pre-fill the lead unit with it)', () => {
  const category = { defaultLeadUnitId: 'cg', gridRoutes: [{ gridId: 'bw', unitId: 'scjg' }] };

  it('takes the nearest route up the grid tree', () => {
    expect(routedUnit(category, 'bw1', grids)).toBe('scjg');
    expect(routedUnit(category, 'bw', grids)).toBe('scjg');
  });

  it('falls back to the category default outside routed subtrees or without a grid', () => {
    expect(routedUnit(category, 'cc', grids)).toBe('cg');
    expect(routedUnit(category, null, grids)).toBe('cg');
    expect(routedUnit({ defaultLeadUnitId: null, gridRoutes: [] }, 'bw1', grids)).toBeUndefined();
    expect(routedUnit(undefined, 'bw1', grids)).toBeUndefined();
  });

  it('stops on a cycle in broken grid data instead of looping', () => {
    const cyclic = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect(routedUnit(category, 'a', cyclic)).toBe('cg');
  });
});
