import type { Merchant } from '@tongxin/domain';
import { Space, Tag } from 'antd';
import { t } from '../../../shared/i18n.ts';

/** 在营 / 已歇业. */
export function StatusTag({ status }: { status: Merchant['status'] }) {
  return <Tag color={status === 'operating' ? 'green' : 'default'}>{t(`merchants.registry.status.${status}`)}</Tag>;
}

/** Points, stars, this month's flag and the plaques held, as one line. */
export function CreditSummary({ m }: { m: Pick<Merchant, 'creditPoints' | 'creditStars' | 'creditFlag' | 'plaques'> }) {
  return (
    <Space size={4} wrap>
      <Tag color={m.creditPoints >= 9 ? 'green' : m.creditPoints >= 6 ? 'orange' : 'red'}>{m.creditPoints}</Tag>
      {m.creditStars ? <span style={{ color: '#faad14' }}>{'★'.repeat(m.creditStars)}</span> : null}
      {m.creditFlag ? <Tag color={m.creditFlag === 'red' ? 'red' : 'gold'}>{t(`merchants.registry.flag.${m.creditFlag}`)}</Tag> : null}
      {m.plaques.map((p) => (
        <Tag key={p} color="volcano">
          {t(`merchants.registry.plaque.${p}`)}
        </Tag>
      ))}
    </Space>
  );
}
