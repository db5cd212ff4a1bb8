import { PageContainer } from '@ant-design/pro-components';
import type { Permission } from '@tongxin/domain';
import { Alert, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { get } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useMe } from '../auth/session.tsx';
import { MENU, visible } from '../layout/menu.tsx';
import type { Paged } from '../lib/list.ts';
import { WorkCards } from './WorkCards.tsx';
import { roleLabel } from '../../shared/dataNames.ts';

interface Counter {
  key: string;
  path: string;
  api: string;
  perm: Permission;
}

const COUNTERS: Counter[] = [
  { key: 'orgs', path: '/orgs', api: '/orgs', perm: 'org:read' },
  { key: 'units', path: '/units', api: '/units', perm: 'unit:read' },
  { key: 'people', path: '/people', api: '/people', perm: 'person:read' },
  { key: 'grids', path: '/grids', api: '/grids', perm: 'grid:read' },
  { key: 'users', path: '/users', api: '/users', perm: 'user:read' },
  { key: 'roles', path: '/roles', api: '/roles', perm: 'role:read' },
];

/** 首页: my work queues and this month's 三率 (WorkCards), totals of the main registers (lists asked with pageSize=1) and quick links. */
export function DashboardPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [totals, setTotals] = useState<Record<string, number | null>>({});
  const counters = COUNTERS.filter((c) => me.permissions.includes(c.perm));

  useEffect(() => {
    let live = true;
    for (const c of counters) {
      get<Paged<unknown>>(c.api, { page: 1, pageSize: 1 })
        .then((r) => live && setTotals((s) => ({ ...s, [c.key]: r.total })))
        .catch(() => live && setTotals((s) => ({ ...s, [c.key]: null })));
    }
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me.currentAlliance?.id, me.permissions.join(',')]);

  const links = MENU.filter((e) => e.path !== '/' && visible(e, me));

  return (
    <PageContainer title={t('console.menu.dashboard')} subTitle={me.currentAlliance?.name}>
      {!me.currentAlliance && <Alert type="info" showIcon message={t('console.dashboard.noAlliance')} style={{ marginBottom: 16 }} />}
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('console.dashboard.welcome', { name: me.user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.role
            ? t('console.dashboard.role', { role: roleLabel(me.role.name), scope: t(`dataScope.${me.role.dataScope}`) })
            : me.user.isCityAdmin
              ? t('console.dashboard.cityAdmin')
              : ''}
        </Typography.Text>
      </Card>
      <WorkCards me={me} />
      <Row gutter={[16, 16]}>
        {counters.map((c) => (
          <Col key={c.key} xs={24} sm={12} md={8} xl={4}>
            <Card className="tx-stat-card" hoverable onClick={() => void navigate(c.path)} data-testid={`stat-${c.key}`}>
              <Statistic title={t(`console.dashboard.count.${c.key}`)} value={totals[c.key] ?? '-'} loading={!(c.key in totals)} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('console.dashboard.quickLinks')} style={{ marginTop: 16 }}>
        <Space wrap size="large">
          {links.map((e) => (
            <Link key={e.key} to={e.path}>
              <Space>
                {e.icon}
                {t(`console.menu.${e.key}`)}
              </Space>
            </Link>
          ))}
        </Space>
      </Card>
    </PageContainer>
  );
}
