import { ModalForm, PageContainer, ProCard, ProForm, ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { CONSEQUENCE_ACTIONS, CreditItemCreate, PLAQUE_KINDS, type CreditItem, type CreditSettings } from '@tongxin/domain';
import { Alert, Button, Form, InputNumber, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, get, patch, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { keptRule, zodRule } from '../../../shared/zodRule.ts';
import { useSession } from '../../auth/session.tsx';
import { hasAllianceScope } from '../../layout/menu.tsx';
import { attempt, showError } from '../../lib/errors.ts';
import { ConfidentialContactCard } from './ConfidentialContactCard.tsx';

/**
 * Whether the user may change the catalogue and the rules: they are the alliance's, so besides credit:decide it takes
 * the alliance data scope (the server refuses a narrower one with alliance_scope_required; docs/CREDIT.md).
 */
function useMayEditRules(): boolean {
  const { me, can } = useSession();
  return !!me && can('credit:decide') && hasAllianceScope(me);
}

function ItemForm({ editing, onClose, onDone }: { editing: CreditItem | null; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ code?: string; name: string; points: number; active: boolean }>();
  const required = { required: true, message: t('issue.required') };
  return (
    <ModalForm
      name="credit-item"
      title={editing ? t('merchants.credit.itemEdit') : t('merchants.credit.itemCreate')}
      open
      form={form}
      initialValues={editing ?? { points: 2, active: true }}
      onOpenChange={(o) => !o && onClose()}
      onFinish={async (v) => {
        const ok = await attempt(
          () => (editing ? patch(`/credit/catalogue/${editing.id}`, { name: v.name, points: v.points, active: v.active }) : post('/credit/catalogue', v)),
          form,
        );
        if (ok) onDone();
        return ok;
      }}
    >
      {!editing && (
        <ProFormText name="code" label={t('merchants.credit.itemCode')} placeholder="night_noise" rules={[required, zodRule(CreditItemCreate, 'code')]} />
      )}
      <ProFormText name="name" label={t('merchants.credit.item')} rules={[required, keptRule(CreditItemCreate, 'name', editing?.name)]} />
      <ProFormDigit name="points" label={t('merchants.credit.points')} min={1} max={12} fieldProps={{ precision: 0 }} rules={[required]} />
      <ProFormSwitch name="active" label={t('merchants.credit.active')} />
    </ModalForm>
  );
}

/** The rules of 十二分制: cycle, objection period, consequences, flags, stars, rounds (docs/CREDIT.md). */
function RulesForm() {
  const mayEdit = useMayEditRules();
  const [form] = Form.useForm<CreditSettings>();
  const [s, setS] = useState<CreditSettings | null>(null);
  useEffect(() => {
    get<CreditSettings>('/credit/settings').then(setS, showError);
  }, []);
  if (!s) return <Spin />;
  const n = (name: (string | number)[], label: string, min: number, max: number) => (
    <ProFormDigit
      name={name}
      label={t(label)}
      min={min}
      max={max}
      fieldProps={{ precision: 0 }}
      colProps={{ span: 6 }}
      rules={[{ required: true, message: t('issue.required') }]}
    />
  );
  return (
    <ProForm<CreditSettings>
      form={form}
      initialValues={s}
      grid
      rowProps={{ gutter: 16 }}
      disabled={!mayEdit}
      submitter={mayEdit ? { searchConfig: { submitText: t('common.save') }, resetButtonProps: false } : false}
      onFinish={async (v) => attempt(() => api('PUT', '/credit/settings', { ...s, ...v }), form)}
    >
      {n(['cycle', 'startMonth'], 'merchants.credit.rules.startMonth', 1, 12)}
      {n(['cycle', 'lengthMonths'], 'merchants.credit.rules.lengthMonths', 1, 36)}
      {n(['objectionDays'], 'merchants.credit.rules.objectionDays', 1, 90)}
      <ProFormSwitch name="revokeOnUpheldComplaint" label={t('merchants.credit.rules.revokeOnUpheld')} colProps={{ span: 6 }} />
      <ProFormSelect
        name="revocablePlaques"
        mode="multiple"
        label={t('merchants.credit.rules.revocable')}
        colProps={{ span: 24 }}
        options={PLAQUE_KINDS.map((k) => ({ value: k, label: t(`merchants.credit.plaque.${k}`) }))}
      />
      <ProForm.Item label={t('merchants.credit.rules.consequences')} colProps={{ span: 24 }}>
        <Form.List name="consequences">
          {(fields, { add, remove }) => (
            // one compact row per line: 降至 N 分 → 处置 … [删除]
            <Space direction="vertical" size={8} style={{ width: '100%' }}>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap data-testid="consequence-row">
                  <Form.Item name={[f.name, 'threshold']} noStyle rules={[{ required: true, message: t('issue.required') }]}>
                    <InputNumber
                      min={0}
                      max={11}
                      precision={0}
                      addonBefore={t('merchants.credit.rules.threshold')}
                      style={{ width: 200 }}
                      aria-label={t('merchants.credit.rules.threshold')}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'actions']} noStyle>
                    <Select
                      mode="multiple"
                      style={{ width: 420 }}
                      placeholder={t('merchants.credit.rules.actions')}
                      aria-label={t('merchants.credit.rules.actions')}
                      options={CONSEQUENCE_ACTIONS.map((a) => ({ value: a, label: t(`merchants.credit.action.${a}`) }))}
                    />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(f.name)}>
                    {t('common.delete')}
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ threshold: 0, actions: ['committee_notice'] })}>
                {t('merchants.credit.rules.addConsequence')}
              </Button>
            </Space>
          )}
        </Form.List>
      </ProForm.Item>
      {n(['flags', 'redMinPoints'], 'merchants.credit.rules.redMinPoints', 0, 12)}
      {n(['flags', 'yellowMonthDeduction'], 'merchants.credit.rules.yellowMonthDeduction', 1, 12)}
      {n(['flags', 'yellowUpheldComplaints'], 'merchants.credit.rules.yellowUpheldComplaints', 1, 20)}
      {n(['flags', 'yellowMaxPoints'], 'merchants.credit.rules.yellowMaxPoints', 0, 11)}
      {[0, 1, 2, 3].map((i) => n(['stars', 'thresholds', i], `merchants.credit.rules.star${i + 2}`, 1, 100))}
      {n(['stars', 'complaintPenalty'], 'merchants.credit.rules.complaintPenalty', 0, 100)}
      {n(['stars', 'participationPoints'], 'merchants.credit.rules.participationPoints', 0, 20)}
      {n(['stars', 'participationCap'], 'merchants.credit.rules.participationCap', 0, 20)}
      {n(['stars', 'windowMonths'], 'merchants.credit.rules.windowMonths', 1, 36)}
      {n(['rounds', 'minPoints'], 'merchants.credit.rules.roundMinPoints', 0, 12)}
      {n(['rounds', 'maxCandidates'], 'merchants.credit.rules.maxCandidates', 1, 500)}
    </ProForm>
  );
}

/** 十二分制 settings: the deduction catalogue and the rules. */
export function CreditSettingsPage() {
  const { can } = useSession();
  const mayEdit = useMayEditRules();
  const action = useRef<ActionType>(null);
  const [editing, setEditing] = useState<CreditItem | null | undefined>(undefined);
  const columns: ProColumns<CreditItem>[] = [
    {
      // the name is what the committee reads; the code (used by imports and the API) is secondary
      title: t('merchants.credit.item'),
      dataIndex: 'name',
      render: (_d, r) => (
        <Space size={8}>
          <Typography.Text strong>{r.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('merchants.credit.itemCode')} {r.code}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('merchants.credit.points'), dataIndex: 'points', width: 90, render: (_d, r) => `-${r.points}` },
    {
      title: t('merchants.credit.active'),
      dataIndex: 'active',
      width: 90,
      render: (_d, r) => (r.active ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    {
      title: t('common.actions'),
      key: 'a',
      width: 90,
      render: (_d, r) =>
        mayEdit && (
          <Button type="link" size="small" onClick={() => setEditing(r)}>
            {t('common.edit')}
          </Button>
        ),
    },
  ];
  return (
    <PageContainer>
      <ProCard direction="column" gutter={[0, 16]}>
        {/* a decider with an org, grid or unit scope reads the rules it applies, and is told who changes them */}
        {can('credit:decide') && !mayEdit && <Alert type="info" showIcon message={t('merchants.credit.rulesAllianceOnly')} data-testid="rules-alliance-only" />}
        <ProTable<CreditItem>
          rowKey="id"
          actionRef={action}
          headerTitle={t('merchants.credit.catalogue')}
          search={false}
          pagination={false}
          columns={columns}
          request={async () => {
            const r = await get<{ items: CreditItem[] }>('/credit/catalogue');
            return { data: r.items, success: true };
          }}
          toolBarRender={() =>
            mayEdit
              ? [
                  <Button key="new" type="primary" onClick={() => setEditing(null)}>
                    {t('merchants.credit.itemCreate')}
                  </Button>,
                ]
              : []
          }
        />
        <ProCard title={t('merchants.credit.rules')} bordered>
          <RulesForm />
        </ProCard>
        <ConfidentialContactCard />
      </ProCard>
      {editing !== undefined && (
        <ItemForm
          editing={editing}
          onClose={() => setEditing(undefined)}
          onDone={() => {
            setEditing(undefined);
            action.current?.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
