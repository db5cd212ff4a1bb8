import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditActionLabel } from './auditLabels.ts';

describe('audit action labels', () => {
  it('names the recount of stored summaries, and offers it in the action filter', () => {
    expect(AUDIT_ACTIONS).toContain('system.recount');
    expect(auditActionLabel('system.recount')).toBe('数据校正（重算汇总值）');
  });
});
