import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FlagOutlined,
  KeyOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { MeResponse, Permission } from '@tongxin/domain';
import type { ReactNode } from 'react';
import { t } from '../../shared/i18n.ts';

export interface MenuEntry {
  path: string;
  key: string;
  icon: ReactNode;
  perm?: Permission;
  cityAdmin?: boolean;
}

/** The left menu, in order; each entry names the permission that shows it. */
export const MENU: MenuEntry[] = [
  { path: '/', key: 'dashboard', icon: <DashboardOutlined /> },
  { path: '/alliances', key: 'alliances', icon: <FlagOutlined />, perm: 'alliance:read', cityAdmin: true },
  { path: '/orgs', key: 'orgs', icon: <ApartmentOutlined />, perm: 'org:read' },
  { path: '/units', key: 'units', icon: <BankOutlined />, perm: 'unit:read' },
  { path: '/people', key: 'people', icon: <TeamOutlined />, perm: 'person:read' },
  { path: '/grids', key: 'grids', icon: <ClusterOutlined />, perm: 'grid:read' },
  { path: '/users', key: 'users', icon: <UserOutlined />, perm: 'user:read' },
  { path: '/roles', key: 'roles', icon: <SafetyCertificateOutlined />, perm: 'role:read' },
  { path: '/api-keys', key: 'apiKeys', icon: <KeyOutlined />, perm: 'apikey:manage' },
  { path: '/audit', key: 'audit', icon: <AuditOutlined />, perm: 'audit:read' },
];

/** Whether the user may see a menu entry. */
export function visible(e: MenuEntry, me: MeResponse): boolean {
  if (!e.perm) return true;
  if (e.cityAdmin && me.user.isCityAdmin) return true;
  return me.permissions.includes(e.perm);
}

/** ProLayout's route tree for the user. */
export function menuRoutes(me: MeResponse) {
  return MENU.filter((e) => visible(e, me)).map((e) => ({ path: e.path, name: t(`console.menu.${e.key}`), icon: e.icon }));
}
