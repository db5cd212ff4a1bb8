import type { Unit } from '@tongxin/domain';
import { ErrorBlock, List, PullToRefresh } from 'antd-mobile';
import { useParams } from 'react-router';
import { t } from '../../shared/i18n.ts';
import { Loading } from '../components/Loading.tsx';
import { PageShell } from '../components/PageShell.tsx';
import { useFetch } from '../hooks/useFetch.ts';

/** One member unit: kind, contact (phone masked), address and duties. */
export default function UnitDetailPage() {
  const { id = '' } = useParams();
  const { data: unit, error, loading, reload } = useFetch<Unit>(`/units/${encodeURIComponent(id)}`);
  const dash = t('h5.dash');
  return (
    <PageShell title={unit?.name ?? t('h5.units.detail')}>
      {loading && <Loading />}
      {error && !unit && <ErrorBlock status="default" title={error} description="" />}
      {unit && (
        <PullToRefresh onRefresh={reload}>
          <List mode="card" header={unit.name}>
            <List.Item extra={t(`unitKind.${unit.kind}`)}>{t('h5.units.kind')}</List.Item>
            <List.Item extra={unit.category ?? dash}>{t('h5.units.category')}</List.Item>
            <List.Item extra={unit.contactName ?? dash}>{t('h5.units.contact')}</List.Item>
            <List.Item extra={unit.contactPhone ?? dash}>{t('h5.units.phone')}</List.Item>
            <List.Item extra={t(`status.${unit.status}`)}>{t('common.status')}</List.Item>
          </List>
          <List mode="card" header={t('h5.units.address')}>
            <List.Item>{unit.address ?? dash}</List.Item>
          </List>
          <List mode="card" header={t('h5.units.duties')}>
            <List.Item>
              <div className="tx-pre">{unit.duties ?? dash}</div>
            </List.Item>
          </List>
        </PullToRefresh>
      )}
    </PageShell>
  );
}
