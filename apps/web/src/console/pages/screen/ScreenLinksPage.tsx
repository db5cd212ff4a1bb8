import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, PageContainer, ProFormDigit, ProFormText, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { DISPLAY_LINK_DEFAULT_DAYS, DISPLAY_LINK_MAX_DAYS, DisplayLinkCreate, type DisplayLink, type DisplayLinkCreated } from '@tongxin/domain';
import { Alert, Button, Form, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import { del, post } from '../../../shared/api.ts';
import { t } from '../../../shared/i18n.ts';
import { zodRule } from '../../../shared/zodRule.ts';
import { ShownOnceModal } from '../../components/ShownOnceModal.tsx';
import { attempt } from '../../lib/errors.ts';
import { listRequest } from '../../lib/list.ts';
import { fmtTime } from '../../lib/time.ts';

type FormValues = { name: string; days: number };

/** The address a wall screen opens: the token in the fragment, which browsers send to no server. */
const displayUrl = (token: string) => `${window.location.origin}/screen/display#${token}`;

function LinkForm({ onClose, onCreated }: { onClose: () => void; onCreated: (l: DisplayLinkCreated) => void }) {
  const [form] = Form.useForm<FormValues>();
  return (
    <ModalForm<FormValues>
      name="displayLink"
      title={t('screenLink.create')}
      open
      onOpenChange={(o) => !o && onClose()}
      form={form}
      width={480}
      initialValues={{ days: DISPLAY_LINK_DEFAULT_DAYS }}
      onFinish={async (v) => {
        let created: DisplayLinkCreated | null = null;
        const ok = await attempt(
          async () => {
            created = await post<DisplayLinkCreated>('/display-links', v);
          },
          form,
          t('screenLink.created'),
        );
        if (ok && created) onCreated(created);
        return ok;
      }}
    >
      <ProFormText
        name="name"
        label={t('screenLink.name')}
        placeholder={t('screenLink.namePlaceholder')}
        rules={[{ required: true, message: t('issue.required') }, zodRule(DisplayLinkCreate, 'name')]}
      />
      <ProFormDigit
        name="days"
        label={t('screenLink.days')}
        extra={t('screenLink.daysHelp', { max: DISPLAY_LINK_MAX_DAYS })}
        min={1}
        max={DISPLAY_LINK_MAX_DAYS}
        fieldProps={{ precision: 0 }}
        rules={[{ required: true, message: t('issue.required') }, zodRule(DisplayLinkCreate, 'days')]}
      />
    </ModalForm>
  );
}

function status(l: DisplayLink) {
  if (l.revokedAt) return <Tag>{t('screenLink.revokedAt', { time: fmtTime(l.revokedAt) })}</Tag>;
  if (l.expiresAt <= Date.now()) return <Tag color="orange">{t('screenLink.expired')}</Tag>;
  if (!l.creatorHolds)
    return (
      <Tooltip title={t('screenLink.creatorLostHelp')}>
        <Tag color="red">{t('screenLink.creatorLost')}</Tag>
      </Tooltip>
    );
  return <Tag color="green">{t('screenLink.active')}</Tag>;
}

/** 投屏链接: links that keep the big screen on a wall display without a session; the link is shown once. */
export function ScreenLinksPage() {
  const action = useRef<ActionType>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<DisplayLinkCreated | null>(null);

  const revoke = async (l: DisplayLink) => {
    if (await attempt(() => del(`/display-links/${l.id}`), undefined, t('screenLink.revoked'))) action.current?.reload();
  };

  const columns: ProColumns<DisplayLink>[] = [
    { title: t('screenLink.name'), dataIndex: 'name' },
    {
      title: t('screenLink.prefix'),
      dataIndex: 'prefix',
      width: 150,
      render: (_d, l) => (
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
          {l.prefix}…
        </Typography.Text>
      ),
    },
    {
      title: t('screenLink.sections'),
      dataIndex: 'sections',
      tooltip: t('screenLink.sectionsHelp'),
      render: (_d, l) =>
        l.sections.length ? (
          <Space size={[0, 4]} wrap>
            {l.sections.map((s) => (
              <Tag key={s}>{t(`screenLink.section.${s}`)}</Tag>
            ))}
          </Space>
        ) : (
          t('screenLink.onlyFigures')
        ),
    },
    { title: t('screenLink.createdBy'), dataIndex: 'createdByName', width: 110, render: (_d, l) => l.createdByName ?? '—' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (_d, l) => fmtTime(l.createdAt) },
    { title: t('screenLink.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (_d, l) => fmtTime(l.expiresAt) },
    { title: t('screenLink.lastUsedAt'), dataIndex: 'lastUsedAt', width: 170, render: (_d, l) => fmtTime(l.lastUsedAt) },
    { title: t('common.status'), dataIndex: 'revokedAt', width: 190, render: (_d, l) => status(l) },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 90,
      render: (_d, l) =>
        l.revokedAt
          ? []
          : [
              <Popconfirm key="revoke" title={t('screenLink.confirmRevoke')} onConfirm={() => revoke(l)}>
                <a style={{ color: '#cf1322' }}>{t('screenLink.revoke')}</a>
              </Popconfirm>,
            ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.screenLinks')}>
      <Alert type="info" showIcon message={t('screenLink.intro')} style={{ marginBottom: 16 }} />
      <ProTable<DisplayLink>
        rowKey="id"
        actionRef={action}
        columns={columns}
        search={false}
        request={listRequest<DisplayLink>('/display-links')}
        pagination={{ defaultPageSize: 20 }}
        scroll={{ x: 1300 }}
        toolBarRender={() => [
          <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('common.create')}
          </Button>,
        ]}
      />
      {creating && (
        <LinkForm
          onClose={() => setCreating(false)}
          onCreated={(l) => {
            setCreated(l);
            action.current?.reload();
          }}
        />
      )}
      <ShownOnceModal
        secret={created ? displayUrl(created.token) : null}
        title={t('screenLink.linkTitle', { name: created?.name ?? '' })}
        warning={t('screenLink.linkWarning')}
        okText={t('screenLink.linkSaved')}
        testId="display-link-url"
        onClose={() => setCreated(null)}
      >
        <Typography.Link href={created ? displayUrl(created.token) : undefined} target="_blank" rel="noreferrer">
          {t('screenLink.open')}
        </Typography.Link>
      </ShownOnceModal>
    </PageContainer>
  );
}
