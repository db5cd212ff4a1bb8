import { PlusOutlined } from '@ant-design/icons';
import { ModalForm, ProFormSelect } from '@ant-design/pro-components';
import { GRID_ROLES } from '@tongxin/domain';
import type { Grid, GridRole } from '@tongxin/domain';
import { Button, Form, List, Popconfirm, Tag } from 'antd';
import { useState } from 'react';
import { del, post } from '../../shared/api.ts';
import { enumOptions, t } from '../../shared/i18n.ts';
import { PersonSelect } from '../components/RefSelects.tsx';
import { attempt } from '../lib/errors.ts';

const ROLE_COLORS: Record<GridRole, string> = { grid_officer: 'red', shop_leader: 'orange', center_household: 'gold' };

export function GridRoleTag({ role }: { role: GridRole }) {
  return <Tag color={ROLE_COLORS[role]}>{t(`gridRole.${role}`)}</Tag>;
}

/** 网格成员: the 网格员 / 邻铺长 / 中心户 of one grid cell, with add and remove. */
export function GridMembers({ grid, writable, onChange }: { grid: Grid; writable: boolean; onChange: (g: Grid) => void }) {
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ personId: string; role: GridRole }>();

  const remove = async (personId: string, role: GridRole) => {
    let next: Grid | null = null;
    const ok = await attempt(
      async () => {
        next = await del<Grid>(`/grids/${grid.id}/members/${personId}/${role}`);
      },
      undefined,
      t('console.grid.memberRemoved'),
    );
    if (ok && next) onChange(next);
  };

  return (
    <>
      <List
        size="small"
        header={
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <b>{t('console.grid.members')}</b>
            {writable && (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('console.grid.addMember')}
              </Button>
            )}
          </div>
        }
        bordered
        dataSource={grid.members}
        locale={{ emptyText: t('console.grid.noMembers') }}
        renderItem={(m) => (
          <List.Item
            actions={
              writable
                ? [
                    <Popconfirm key="rm" title={t('console.grid.confirmRemoveMember', { name: m.personName })} onConfirm={() => remove(m.personId, m.role)}>
                      <a style={{ color: '#cf1322' }}>{t('console.remove')}</a>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <span>
              {m.personName} <GridRoleTag role={m.role} />
            </span>
          </List.Item>
        )}
      />
      {adding && (
        <ModalForm<{ personId: string; role: GridRole }>
          name="gridMember"
          title={t('console.grid.addMemberTo', { name: grid.name })}
          open
          onOpenChange={(o) => !o && setAdding(false)}
          form={form}
          width={480}
          initialValues={{ role: 'grid_officer' }}
          onFinish={async (v) => {
            let next: Grid | null = null;
            const ok = await attempt(async () => {
              next = await post<Grid>(`/grids/${grid.id}/members`, v);
            }, form);
            if (ok && next) onChange(next);
            return ok;
          }}
        >
          <Form.Item name="personId" label={t('console.grid.person')} rules={[{ required: true, message: t('issue.required') }]}>
            <PersonSelect />
          </Form.Item>
          <ProFormSelect
            name="role"
            label={t('console.grid.role')}
            options={enumOptions('gridRole', GRID_ROLES)}
            allowClear={false}
            rules={[{ required: true, message: t('issue.required') }]}
          />
        </ModalForm>
      )}
    </>
  );
}
