import { t } from '../../../shared/i18n.ts';

/** A rate as a percentage with one decimal, or a dash without a denominator. */
export const pct = (r: number | null) => (r === null ? t('h5.dash') : `${(r * 100).toFixed(1)}%`);

/** One big figure of a stats card (a rate or a count) over its label. */
export function RateFigure({ label, value, id }: { label: string; value: number | string | null; id: string }) {
  return (
    <div className="tx-rate-figure" data-testid={`rate-${id}`}>
      <div className="tx-rate-value">{typeof value === 'number' || value === null ? pct(value) : value}</div>
      <div className="tx-rate-label">{label}</div>
    </div>
  );
}
