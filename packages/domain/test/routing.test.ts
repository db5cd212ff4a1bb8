import { describe, expect, it } from 'vitest';
import { lastReturn, routedUnit, type TimelineEvent } from '../src/index.ts';

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

  it('offers nothing when the routed unit is the one that just returned the case', () => {
    expect(routedUnit(category, 'bw1', grids, 'scjg')).toBeUndefined();
    expect(routedUnit(category, 'bw1', grids, 'cg')).toBe('scjg');
    expect(routedUnit(category, 'bw1', grids, null)).toBe('scjg');
  });

  it('stops on a cycle in broken grid data instead of looping', () => {
    const cyclic = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect(routedUnit(category, 'a', cyclic)).toBe('cg');
  });
});

describe('lastReturn (the dispatch forms show why a unit sent a case back)', () => {
  const ev = (action: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
    id: action + Math.random(),
    action,
    at: 0,
    actorName: null,
    actorUnitName: null,
    fromStatus: null,
    toStatus: null,
    note: null,
    photos: [],
    data: null,
    ...extra,
  });

  it('names the returning unit and its reason until the case is dispatched again', () => {
    const back = ev('return', { actorUnitName: '城管中队', note: '不属于本单位职责', data: { leadUnitId: 'cg' } });
    expect(lastReturn([ev('create'), ev('dispatch'), ev('accept'), back, ev('comment')])).toEqual({
      unitId: 'cg',
      unitName: '城管中队',
      reason: '不属于本单位职责',
    });
    expect(lastReturn([ev('create'), ev('dispatch'), back, ev('dispatch')])).toBeNull();
    expect(lastReturn([ev('create')])).toBeNull();
  });
});
