import { TICKET_ACTIONS } from '@tongxin/domain';
import { t } from '../../shared/i18n.ts';

// The audit log's action and entity codes as the committee reads them. A code not listed here (a future module's)
// shows as itself rather than not at all.

const ACTIONS = [
  'alliance.create',
  'alliance.update',
  'apikey.create',
  'apikey.revoke',
  'auth.login',
  'auth.password_changed',
  'auth.switch_alliance',
  'calendar.day.create',
  'calendar.day.delete',
  'calendar.day.update',
  'category.create',
  'category.update',
  'display_link.create',
  'display_link.revoke',
  'credit.consequence',
  'credit.correction',
  'credit.deduction',
  'credit.item_create',
  'credit.item_update',
  'credit.objection_decide',
  'credit.objection_file',
  'credit.plaque_grant',
  'credit.plaque_revoke',
  'credit.promise',
  'credit.restoration',
  'credit.reversal',
  'credit.round_create',
  'credit.round_decide',
  'credit.round_finish',
  'credit.settings',
  'grid.create',
  'grid.delete',
  'grid.member_add',
  'grid.member_remove',
  'grid.update',
  'import.scale_data',
  'import.scale_skeleton',
  'integrity.settings.update',
  'meeting.cancel',
  'meeting.create',
  'meeting.hold',
  'meeting.release',
  'meeting.resolve',
  'meeting.take',
  'meeting.topic_add',
  'meeting.topic_remove',
  'meeting.update',
  'membership.create',
  'membership.delete',
  'merchant.create',
  'merchant.delete',
  'merchant.import',
  'merchant.update',
  'org.create',
  'org.delete',
  'org.update',
  'person.create',
  'person.delete',
  'person.id_number_refused',
  'person.reveal',
  'person.update',
  'project.adopt',
  'project.adopt_cancel',
  'project.create',
  'project.delete',
  'project.progress',
  'project.status',
  'project.update',
  'resource.create',
  'resource.delete',
  'resource.update',
  'role.create',
  'role.delete',
  'role.update',
  'stats.settings.update',
  'system.recount',
  'ticket.create',
  'ticket.verdict',
  'unit.create',
  'unit.delete',
  'unit.update',
  'user.create',
  'user.reset_password',
  'user.unlock',
  'user.update',
  'webhook.create',
  'webhook.delete',
  'webhook.retry',
  'webhook.update',
] as const;

/** Every audit action code: the modules' own and one per ticket action (ticket.dispatch, ticket.accept…). */
export const AUDIT_ACTIONS: readonly string[] = [...new Set([...ACTIONS, ...TICKET_ACTIONS.map((a) => `ticket.${a}`)])].sort();

/** Every audit entity code. */
export const AUDIT_ENTITIES: readonly string[] = [
  'alliance',
  'api_key',
  'calendar_day',
  'category',
  'credit_item',
  'credit_round',
  'credit_settings',
  'display_link',
  'grid',
  'integrity_settings',
  'meeting',
  'merchant',
  'org',
  'person',
  'project',
  'project_adoption',
  'rate_settings',
  'resource',
  'role',
  'ticket',
  'unit',
  'user',
  'webhook',
  'webhook_delivery',
];

/** 扣分 for credit.deduction, 工单 · 派单 for ticket.dispatch, the code itself when unknown. */
export function auditActionLabel(code: string): string {
  const key = `auditAction.${code}`;
  const s = t(key);
  if (s !== key) return s;
  if (code.startsWith('ticket.')) {
    const verb = t(`ticketAction.${code.slice(7)}`);
    if (!verb.startsWith('ticketAction.')) return `${t('auditEntity.ticket')} · ${verb}`;
  }
  return code;
}

/** 商户 for merchant, the code itself when unknown. */
export function auditEntityLabel(code: string): string {
  const key = `auditEntity.${code}`;
  const s = t(key);
  return s === key ? code : s;
}
