import { describe, expect, it } from 'vitest';
import { allowedActions } from '../src/index.ts';

describe('allowedActions (the buttons the console drawer and the H5 case page offer)', () => {
  const dispatched = { status: 'dispatched', extensionPending: false } as const;

  it('offers 接单 on a dispatched case to its lead unit only, never to the committee that dispatched it', () => {
    expect(allowedActions(dispatched, ['lead_unit'])).toEqual(['accept', 'return', 'escalate', 'comment']);
    expect(allowedActions(dispatched, ['committee'])).toEqual(['escalate', 'merge', 'urge', 'comment']);
    // a committee member who also leads the unit accepts as the unit
    expect(allowedActions(dispatched, ['committee', 'lead_unit'])).toContain('accept');
  });
});
