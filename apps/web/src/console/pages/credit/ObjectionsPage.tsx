import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import type { CreditObjection } from '@tongxin/domain';
import { Button, Tag } from 'antd';
import { useRef, useState } from 'react';
import { t } from '../../../shared/i18n.ts';
import { listRequest } from '../../lib/list.ts';
import { fmtTime } from '../../lib/time.ts';
import { ObjectionDecideForm } from './ObjectionForms.tsx';

const STATUS_COLORS: Record<string, string> = { pending: 'processing', upheld: 'green', rejected: 'default' };

/** The committee's queue of 异议申诉. */
export function ObjectionsPage() {
  const action = useRef<ActionType>(null);
  const [deciding, setDeciding] = useState<CreditObjection | null>(null);
  const columns: ProColumns<CreditObjection>[] = [
    {
      title: t('merchants.credit.status'),
      dataIndex: 'status',
      width: 100,
      valueType: 'select',
      initialValue: 'pending',
      fieldProps: { options: ['pending', 'upheld', 'rejected'].map((s) => ({ value: s, label: t(`merchants.credit.objection.${s}`) })) },
      render: (_d, o) => <Tag color={STATUS_COLORS[o.status]}>{t(`merchants.credit.objection.${o.status}`)}</Tag>,
    },
    { title: t('merchants.registry.name'), dataIndex: 'merchantName', search: false },
    {
      title: t('merchants.credit.objectionTarget'),
      key: 'target',
      search: false,
      render: (_d, o) =>
        o.contested
          ? t('merchants.credit.contestedEntry', { item: o.contested.itemName ?? t('merchants.credit.kind.deduction'), points: o.contested.points })
          : o.ticketNumber,
    },
    { title: t('merchants.credit.objectionReason'), dataIndex: 'reason', search: false, ellipsis: true },
    { title: t('merchants.credit.filedBy'), dataIndex: 'filedByName', search: false, width: 100 },
    { title: t('merchants.credit.at'), dataIndex: 'filedAt', search: false, width: 170, render: (_d, o) => fmtTime(o.filedAt) },
    { title: t('merchants.credit.decisionNote'), dataIndex: 'decisionNote', search: false, render: (_d, o) => o.decisionNote ?? '-' },
    {
      title: t('common.actions'),
      key: 'a',
      search: false,
      width: 90,
      render: (_d, o) =>
        o.status === 'pending' && (
          <Button type="link" size="small" onClick={() => setDeciding(o)}>
            {t('merchants.credit.objectionDecide')}
          </Button>
        ),
    },
  ];
  return (
    <PageContainer>
      <ProTable<CreditObjection> rowKey="id" actionRef={action} columns={columns} request={listRequest<CreditObjection>('/credit/objections')} />
      {deciding && (
        <ObjectionDecideForm
          objection={deciding}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            action.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
