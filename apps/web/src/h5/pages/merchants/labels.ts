import { t } from '../../../shared/i18n.ts';

/** ★★★☆☆ for 3 of 5, '—' before the first rating. */
export function stars(n: number | null): string {
  if (n === null) return '—';
  const k = Math.max(0, Math.min(5, Math.round(n)));
  return '★'.repeat(k) + '☆'.repeat(5 - k);
}

/** A plaque kind's name (merchants.registry.plaque.*); unknown kinds as stored. */
export function plaqueName(kind: string): string {
  const key = `merchants.registry.plaque.${kind}`;
  const s = t(key);
  return s === key ? kind : s;
}

/** A merchant's address, then its grid labelled (the address often ends with the shop number that names the grid). */
export function merchantLine(m: { address: string | null; gridName: string | null }): string {
  const grid = m.gridName ? t('merchants.h5.gridLine', { grid: m.gridName }) : '';
  return [m.address ?? '', grid].filter((x) => x !== '').join(' · ');
}
