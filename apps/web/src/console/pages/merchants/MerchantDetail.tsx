import type { Merchant } from '@tongxin/domain';
import { QrcodeOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Result, Spin, Tabs, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { get } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { errorText } from '../../lib/errors.ts';
import { fmtTime } from '../../lib/time.ts';
import { MerchantCreditTab } from './MerchantCreditTab.tsx';
import { posterUrl } from './merchantFiles.ts';
import { CreditSummary, StatusTag } from './merchantTags.tsx';

function Basic({ m }: { m: Merchant }) {
  const yes = (b: boolean) => (b ? t('merchants.registry.yes') : t('merchants.registry.no'));
  return (
    <Descriptions column={2} size="small" bordered>
      <Descriptions.Item label={t('merchants.registry.name')} span={2}>
        {m.name}
      </Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.creditCode')}>{m.creditCode}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.businessType')}>{t(`merchants.businessType.${m.businessType}`)}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.status')}>
        <StatusTag status={m.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.grid')}>{m.gridName ?? '-'}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.address')} span={2}>
        {m.address ?? '-'}
      </Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.operator')}>{m.operatorPersonName ?? '-'}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.operatorName')}>{m.operatorName ?? '-'}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.partyMember')}>
        {m.partyMemberOperator ? <Tag color="red">{yes(true)}</Tag> : yes(false)}
      </Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.contactPhone')}>{m.contactPhone ?? '-'}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.location')} span={2}>
        {m.location ? `${m.location.lng}, ${m.location.lat} · ${t(`merchants.registry.crs.${m.location.crs}`)}` : '-'}
        {m.wgs84 && m.location?.crs !== 'wgs84' ? ` · ${t('merchants.registry.wgs84')} ${m.wgs84.lng.toFixed(6)}, ${m.wgs84.lat.toFixed(6)}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.monitoringPoint')}>{yes(m.monitoringPoint)}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.liaison')}>{m.liaisonPersonName ?? '-'}</Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.points')} span={2}>
        <CreditSummary m={m} />
      </Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.publicCode')}>
        <a href={`/m/${m.publicCode}`} target="_blank" rel="noreferrer">
          {m.publicCode}
        </a>
      </Descriptions.Item>
      <Descriptions.Item label={t('merchants.registry.createdAt')}>{fmtTime(m.createdAt)}</Descriptions.Item>
    </Descriptions>
  );
}

/** A merchant's detail: basic information, and the credit tab of the credit screens. */
export function MerchantDetail({ id, onClose, reloadKey }: { id: string; onClose: () => void; reloadKey?: number }) {
  const [m, setM] = useState<Merchant | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    get<Merchant>(`/merchants/${id}`)
      .then((r) => live && setM(r))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, reloadKey]);
  return (
    <Drawer
      open
      onClose={onClose}
      width={820}
      title={m ? m.name : t('merchants.registry.detail')}
      extra={
        m && (
          <Button icon={<QrcodeOutlined />} href={posterUrl(m.id)} target="_blank" rel="noopener" data-testid="merchant-poster">
            {t('merchants.poster.print')}
          </Button>
        )
      }
    >
      {error ? (
        <Result status="warning" subTitle={errorText(error)} />
      ) : !m ? (
        <Spin />
      ) : (
        <Tabs
          items={[
            { key: 'basic', label: t('merchants.registry.tab.basic'), children: <Basic m={m} /> },
            { key: 'credit', label: t('merchants.registry.tab.credit'), children: <MerchantCreditTab merchantId={m.id} /> },
          ]}
        />
      )}
    </Drawer>
  );
}
