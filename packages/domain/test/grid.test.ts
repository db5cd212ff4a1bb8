import { describe, expect, it } from 'vitest';
import { gridLevelFits } from '../src/index.ts';

describe('gridLevelFits', () => {
  const yiwu = ['社区', '网格', '企业', '商铺'];

  it('lets each named level take a grid, down to the last one', () => {
    for (const level of [0, 1, 2, 3]) expect(gridLevelFits(level, yiwu)).toBe(true);
  });

  it('offers no level below the last (a 商铺 takes no children), and none above the top', () => {
    expect(gridLevelFits(4, yiwu)).toBe(false);
    expect(gridLevelFits(2, ['片区网格', '中心户'])).toBe(false);
    expect(gridLevelFits(-1, yiwu)).toBe(false);
  });
});
