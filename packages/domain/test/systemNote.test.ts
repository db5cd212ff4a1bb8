import { describe, expect, it } from 'vitest';
import { SLA_CLOCK_ACTOR_NAME, systemNoteOf } from '../src/index.ts';

describe('systemNoteOf', () => {
  const clock = (action: string) => systemNoteOf({ action, actorUserId: null, actorName: SLA_CLOCK_ACTOR_NAME });

  it("names each note the SLA clock writes by the entry's action", () => {
    expect(['sla_warning', 'accept_overdue', 'overdue', 'callback_due', 'escalate', 'close_unrated'].map(clock)).toEqual([
      'sla_warning',
      'accept_overdue',
      'overdue',
      'callback_due',
      'auto_escalate',
      'auto_close_unrated',
    ]);
    // the clock takes no other action
    expect(clock('dispatch')).toBeNull();
  });

  it('leaves the entries of people alone, even a person who escalates or one named like the clock', () => {
    expect(systemNoteOf({ action: 'escalate', actorUserId: 'u1', actorName: '张伟' })).toBeNull();
    expect(systemNoteOf({ action: 'escalate', actorUserId: 'u1', actorName: SLA_CLOCK_ACTOR_NAME })).toBeNull();
    expect(systemNoteOf({ action: 'overdue', actorUserId: null, actorName: null })).toBeNull();
  });
});
