import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { PageContainer, ProTable } from '@ant-design/pro-components';
import type { ActionType, ProColumns } from '@ant-design/pro-components';
import { RECORD_STATUSES } from '@tongxin/domain';
import type { User } from '@tongxin/domain';
import { Badge, Button, Popconfirm, Space, Tag, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { del, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { useMe, useSession } from '../auth/session.tsx';
import { attempt } from '../lib/errors.ts';
import { listRequest } from '../lib/list.ts';
import { useGrids, useOrgs, useRoles, useUnits } from '../lib/lookups.ts';
import { fmtTime } from '../lib/time.ts';
import { MembershipCreateForm, ResetPasswordForm, UserCreateForm, UserEditForm } from './UserForms.tsx';
import { roleLabel } from '../../shared/dataNames.ts';

type Dialog = { kind: 'create' } | { kind: 'join' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User };

const isLocked = (u: User) => !!u.lockedUntil && u.lockedUntil > Date.now();

/** 账号: accounts that are members of the current alliance. */
export function UsersPage() {
  const me = useMe();
  const { can } = useSession();
  const action = useRef<ActionType>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const roles = useRoles();
  const units = useUnits();
  const orgs = useOrgs();
  const grids = useGrids();
  const lookups = { roles: roles.rows, units: units.rows, orgs: orgs.rows, grids: grids.rows };
  const writable = can('user:write');
  const reload = () => action.current?.reload();
  const close = () => setDialog(null);

  const unlock = async (u: User) => {
    if (await attempt(() => post(`/users/${u.id}/unlock`), undefined, t('console.user.unlocked'))) reload();
  };
  const removeMembership = async (u: User) => {
    if (await attempt(() => del(`/users/${u.id}`), undefined, t('console.user.removed'))) reload();
  };

  const columns: ProColumns<User>[] = [
    { title: t('console.keyword'), dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: t('console.user.searchPlaceholder') } },
    {
      title: t('common.username'),
      dataIndex: 'username',
      search: false,
      render: (_d, u) => (
        <Space size={4}>
          {u.username}
          {u.isCityAdmin && <Tag color="purple">{t('console.user.cityAdmin')}</Tag>}
          {u.id === me.user.id && <Tag>{t('console.user.self')}</Tag>}
        </Space>
      ),
    },
    { title: t('console.user.displayName'), dataIndex: 'displayName', search: false },
    {
      title: t('console.user.role'),
      dataIndex: 'roleId',
      valueType: 'select',
      fieldProps: { options: roles.rows.map((r) => ({ label: r.name, value: r.id })) },
      render: (_d, u) => (u.membership ? <Tag color="red">{roleLabel(u.membership.roleName)}</Tag> : '-'),
    },
    { title: t('console.user.unit'), dataIndex: 'unitName', search: false, render: (_d, u) => u.membership?.unitName ?? '-' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      valueType: 'select',
      width: 130,
      fieldProps: { options: enumOptions('status', RECORD_STATUSES) },
      render: (_d, u) => (
        <Space size={4}>
          <Badge status={u.status === 'active' ? 'success' : 'default'} text={t(`status.${u.status}`)} />
          {isLocked(u) && (
            <Tooltip title={t('console.user.lockedUntil', { time: fmtTime(u.lockedUntil) })}>
              <Tag color="orange">{t('console.user.locked')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('console.user.lastLoginAt'), dataIndex: 'lastLoginAt', search: false, width: 170, render: (_d, u) => fmtTime(u.lastLoginAt) },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 260,
      hideInTable: !writable,
      render: (_d, u) => [
        <a key="edit" onClick={() => setDialog({ kind: 'edit', user: u })}>
          {t('common.edit')}
        </a>,
        <a key="reset" onClick={() => setDialog({ kind: 'reset', user: u })}>
          {t('console.user.resetPassword')}
        </a>,
        isLocked(u) && (
          <a key="unlock" onClick={() => void unlock(u)}>
            {t('console.user.unlock')}
          </a>
        ),
        u.id !== me.user.id && (
          <Popconfirm
            key="rm"
            title={t('console.user.confirmRemove', { name: u.displayName, alliance: me.currentAlliance?.name ?? '' })}
            onConfirm={() => removeMembership(u)}
          >
            <a style={{ color: '#cf1322' }}>{t('console.user.remove')}</a>
          </Popconfirm>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('console.menu.users')}>
      <ProTable<User>
        rowKey="id"
        actionRef={action}
        columns={columns}
        request={listRequest<User>('/users')}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        toolBarRender={() =>
          writable
            ? [
                <Button key="join" icon={<UserAddOutlined />} onClick={() => setDialog({ kind: 'join' })}>
                  {t('console.user.addExisting')}
                </Button>,
                <Button key="new" type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
                  {t('common.create')}
                </Button>,
              ]
            : []
        }
      />
      {dialog?.kind === 'create' && <UserCreateForm lookups={lookups} onClose={close} onDone={reload} />}
      {dialog?.kind === 'join' && <MembershipCreateForm lookups={lookups} onClose={close} onDone={reload} />}
      {dialog?.kind === 'edit' && <UserEditForm user={dialog.user} lookups={lookups} onClose={close} onDone={reload} />}
      {dialog?.kind === 'reset' && <ResetPasswordForm user={dialog.user} onClose={close} onDone={() => undefined} />}
    </PageContainer>
  );
}
