import { SafetyCertificateOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ProColumns } from '@ant-design/pro-components';
import type { AuditRecord, ChainVerdict } from '@tongxin/domain';
import { Alert, Button, Col, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { get } from '../../shared/api.ts';
import { actorLabel } from '../../shared/dataNames.ts';
import { t } from '../../shared/i18n.ts';
import { useMe } from '../auth/session.tsx';
import { hasAllianceScope } from '../layout/menu.tsx';
import { showError } from '../lib/errors.ts';
import { listRequest } from '../lib/list.ts';
import { dayjs, fmtTime, readableTimes, TZ } from '../lib/time.ts';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditActionLabel, auditEntityLabel } from './auditLabels.ts';

interface Verify {
  ok: boolean;
  checkedAt: number;
  chains: ChainVerdict[];
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return <pre className="tx-json">{JSON.stringify(readableTimes(value), null, 2)}</pre>;
}

function VerifyResult({ v }: { v: Verify }) {
  const records = v.chains.reduce((n, c) => n + c.records, 0);
  if (v.ok) {
    return (
      <Alert
        type="success"
        showIcon
        message={t('console.audit.chainOk', { n: records })}
        description={t('console.audit.checkedAt', { time: fmtTime(v.checkedAt) })}
        style={{ marginBottom: 16 }}
        data-testid="audit-verify"
      />
    );
  }
  const bad = v.chains.filter((c) => !c.ok);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verify"
      style={{ marginBottom: 16 }}
      message={t('console.audit.chainBroken')}
      description={bad.map((c) => (
        <div key={c.chain}>{t('console.audit.badRecord', { chain: c.chain, seq: c.firstBad?.seq ?? '-', reason: c.firstBad?.reason ?? '-' })}</div>
      ))}
    />
  );
}

/** 审计日志: append-only audit records with before/after, and a check of the HMAC chain. */
export function AuditPage() {
  const wide = hasAllianceScope(useMe());
  const [verify, setVerify] = useState<Verify | null>(null);
  const [checking, setChecking] = useState(false);

  const runVerify = async () => {
    setChecking(true);
    try {
      setVerify(await get<Verify>('/audit/verify'));
    } catch (e) {
      showError(e);
    } finally {
      setChecking(false);
    }
  };

  const columns: ProColumns<AuditRecord>[] = [
    { title: t('console.audit.seq'), dataIndex: 'seq', search: false, width: 80 },
    { title: t('console.audit.at'), dataIndex: 'at', search: false, width: 170, render: (_d, r) => fmtTime(r.at) },
    {
      title: t('console.audit.period'),
      dataIndex: 'period',
      valueType: 'dateTimeRange',
      hideInTable: true,
      search: {
        transform: (v: [string, string]) => ({
          from: dayjs.tz(v[0], TZ).valueOf(),
          to: dayjs.tz(v[1], TZ).valueOf(),
        }),
      },
    },
    {
      title: t('console.audit.actor'),
      dataIndex: 'actorName',
      search: false,
      width: 120,
      // a confidential case (作风 feedback) names nobody here: only its designated contact knows who acted
      render: (_d, r) =>
        r.confidential ? <Tag>{t('console.audit.confidential')}</Tag> : r.actorName === null ? t('console.audit.system') : actorLabel(r.actorName),
    },
    {
      title: t('console.audit.action'),
      dataIndex: 'action',
      width: 180,
      valueType: 'select',
      fieldProps: { options: AUDIT_ACTIONS.map((a) => ({ value: a, label: auditActionLabel(a) })), showSearch: true, optionFilterProp: 'label' },
      render: (_d, r) => <Tag title={r.action}>{auditActionLabel(r.action)}</Tag>,
    },
    {
      title: t('console.audit.entity'),
      dataIndex: 'entity',
      width: 120,
      valueType: 'select',
      fieldProps: { options: AUDIT_ENTITIES.map((e) => ({ value: e, label: auditEntityLabel(e) })), showSearch: true, optionFilterProp: 'label' },
      render: (_d, r) => auditEntityLabel(r.entity),
    },
    { title: t('console.audit.entityId'), dataIndex: 'entityId', search: false, copyable: true, ellipsis: true },
    { title: t('console.audit.ip'), dataIndex: 'ip', search: false, width: 130 },
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true },
  ];

  return (
    <PageContainer title={t('console.menu.audit')}>
      {verify && <VerifyResult v={verify} />}
      <ProTable<AuditRecord>
        rowKey="id"
        columns={columns}
        request={listRequest<AuditRecord>('/audit')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        expandable={{
          expandedRowRender: (r) => (
            <Row gutter={16}>
              <Col span={12}>
                <Typography.Title level={5}>{t('console.audit.before')}</Typography.Title>
                <Json value={r.before} />
              </Col>
              <Col span={12}>
                <Typography.Title level={5}>{t('console.audit.after')}</Typography.Title>
                <Json value={r.after} />
              </Col>
              <Col span={24} style={{ marginTop: 8 }}>
                <Typography.Text type="secondary">
                  {t('console.audit.chain')}: {r.chain} · requestId: {r.requestId ?? '-'}
                </Typography.Text>
              </Col>
            </Row>
          ),
        }}
        // the chain's verdict covers the whole alliance: only an alliance-wide reader asks for it (the server refuses others)
        toolBarRender={() =>
          wide
            ? [
                <Button key="verify" type="primary" icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void runVerify()}>
                  {t('console.audit.verify')}
                </Button>,
              ]
            : []
        }
      />
    </PageContainer>
  );
}
