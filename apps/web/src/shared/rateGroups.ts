import { t } from './i18n.ts';

/**
 * A 三率 group's name in the user's language. The server names the bucket without a key in Chinese (未指定网格 for
 * the cases without a grid, 未派单 for those without a lead unit); the other names are the alliance's own data.
 */
export function rateGroupName(groupBy: string, row: { key: string; name: string }): string {
  if (row.key !== '') return row.name;
  if (groupBy === 'grid') return t('stats.group.noGrid');
  if (groupBy === 'lead_unit') return t('stats.group.noLeadUnit');
  return row.name;
}
