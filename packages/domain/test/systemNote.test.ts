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
    // an escalation without an account under another name (an integration's key) is not the clock's
    expect(systemNoteOf({ action: 'escalate', actorUserId: null, actorName: '网格化平台接口' })).toBeNull();
  });

  it("recognises the clock's entries of older timelines: its former names, or none", () => {
    expect(systemNoteOf({ action: 'overdue', actorUserId: null, actorName: 'SLA 时钟' })).toBe('overdue');
    expect(systemNoteOf({ action: 'escalate', actorUserId: null, actorName: '系统' })).toBe('auto_escalate');
    expect(systemNoteOf({ action: 'close_unrated', actorUserId: null, actorName: null })).toBe('auto_close_unrated');
    expect(systemNoteOf({ action: 'sla_warning', actorUserId: null, actorName: null })).toBe('sla_warning');
  });
});
