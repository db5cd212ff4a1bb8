import './merchants.css';
import type { Merchant } from '@tongxin/domain';
import { ErrorBlock, List } from 'antd-mobile';
import { Navigate, useNavigate } from 'react-router';
import { t } from '../../../shared/i18n.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageShell } from '../../components/PageShell.tsx';
import { useFetch } from '../../hooks/useFetch.ts';
import { merchantLine } from './labels.ts';

/**
 * 诚信档案 for a merchant account: GET /merchants is scoped to the merchants the user operates, so one merchant opens
 * its record directly, several are listed, none gets a friendly empty state.
 */
export default function MyMerchantsPage() {
  const navigate = useNavigate();
  const list = useFetch<{ items: Merchant[]; total: number }>('/merchants?pageSize=50');
  if (list.loading) return <Loading />;
  const items = list.data?.items ?? [];
  if (!list.error && items.length === 1) return <Navigate to={`/merchants/${items[0]!.id}`} replace />;
  return (
    <PageShell title={t('merchants.h5.mineTitle')}>
      {list.error ? (
        <ErrorBlock status="default" title={list.error} description="" />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('merchants.h5.mineNone')} description={t('merchants.h5.mineNoneHint')} />
      ) : (
        <List>
          {items.map((m) => (
            <List.Item key={m.id} onClick={() => navigate(`/merchants/${m.id}`)} description={merchantLine(m)}>
              {m.name}
            </List.Item>
          ))}
        </List>
      )}
    </PageShell>
  );
}
