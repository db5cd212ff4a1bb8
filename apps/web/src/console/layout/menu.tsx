import {
  ApartmentOutlined,
  ExceptionOutlined,
  SettingOutlined,
  TrophyOutlined,
  ApiOutlined,
  BellOutlined,
  AuditOutlined,
  NotificationOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CommentOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FlagOutlined,
  FundProjectionScreenOutlined,
  GiftOutlined,
  GlobalOutlined,
  KeyOutlined,
  LinkOutlined,
  ProfileOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  SyncOutlined,
  TagsOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { MeResponse, Permission } from '@tongxin/domain';
import type { ReactNode } from 'react';
import { t } from '../../shared/i18n.ts';

export interface MenuEntry {
  path: string;
  key: string;
  icon: ReactNode;
  /** the permission that shows it; several: all of them */
  perm?: Permission | readonly Permission[];
  /** also shown to a city administrator without the permission */
  cityAdmin?: boolean;
  /** shown to city administrators only (the city-level pages, over every alliance: the server refuses anyone else) */
  cityOnly?: boolean;
  /** shown only with the alliance data scope (the alliance's acts, e.g. evaluation rounds: the server refuses a narrower scope) */
  allianceScope?: boolean;
  /** the menu group the entry sits in (consecutive entries of one group form a submenu) */
  group?: string;
}

/** Icons of the menu groups. */
const GROUP_ICONS: Record<string, ReactNode> = { loop: <SyncOutlined />, merchants: <ShopOutlined />, lists: <UnorderedListOutlined /> };

/** The left menu, in order; each entry names the permission that shows it. */
export const MENU: MenuEntry[] = [
  { path: '/', key: 'dashboard', icon: <DashboardOutlined /> },
  { path: '/city', key: 'city', icon: <GlobalOutlined />, cityOnly: true },
  { path: '/inbox', key: 'inbox', icon: <BellOutlined /> },
  { path: '/tickets', key: 'tickets', icon: <ProfileOutlined />, perm: 'ticket:read', group: 'loop' },
  { path: '/categories', key: 'categories', icon: <TagsOutlined />, perm: 'ticket:read', group: 'loop' },
  { path: '/agenda', key: 'agenda', icon: <NotificationOutlined />, perm: 'ticket:read', group: 'loop' },
  { path: '/meetings', key: 'meetings', icon: <CommentOutlined />, perm: 'meeting:read', group: 'loop' },
  { path: '/stats', key: 'stats', icon: <BarChartOutlined />, perm: 'stats:read', group: 'loop' },
  { path: '/screen', key: 'screen', icon: <FundProjectionScreenOutlined />, perm: 'stats:read', group: 'loop' },
  // the page also needs stats:read (App.tsx): every built-in role with alliance:write holds it
  // the server's rule (docs/TICKETS.md 大屏投屏链接): the alliance's settings and its figures
  { path: '/screen-links', key: 'screenLinks', icon: <LinkOutlined />, perm: ['alliance:write', 'stats:read'], allianceScope: true, group: 'loop' },
  { path: '/calendar', key: 'calendar', icon: <CalendarOutlined />, perm: 'ticket:read', cityAdmin: true, group: 'loop' },
  { path: '/merchants', key: 'merchants', icon: <ShopOutlined />, perm: 'merchant:read', group: 'merchants' },
  { path: '/credit/rounds', key: 'creditRounds', icon: <TrophyOutlined />, perm: 'credit:decide', allianceScope: true, group: 'merchants' },
  { path: '/credit/objections', key: 'creditObjections', icon: <ExceptionOutlined />, perm: 'credit:decide', group: 'merchants' },
  { path: '/credit/settings', key: 'creditSettings', icon: <SettingOutlined />, perm: 'credit:decide', group: 'merchants' },
  { path: '/resources', key: 'resources', icon: <GiftOutlined />, perm: 'resource:read', group: 'lists' },
  { path: '/projects', key: 'projects', icon: <ProjectOutlined />, perm: 'resource:read', group: 'lists' },
  { path: '/alliances', key: 'alliances', icon: <FlagOutlined />, perm: 'alliance:read', cityAdmin: true },
  { path: '/orgs', key: 'orgs', icon: <ApartmentOutlined />, perm: 'org:read' },
  { path: '/units', key: 'units', icon: <BankOutlined />, perm: 'unit:read' },
  { path: '/people', key: 'people', icon: <TeamOutlined />, perm: 'person:read' },
  { path: '/grids', key: 'grids', icon: <ClusterOutlined />, perm: 'grid:read' },
  { path: '/users', key: 'users', icon: <UserOutlined />, perm: 'user:read' },
  { path: '/roles', key: 'roles', icon: <SafetyCertificateOutlined />, perm: 'role:read' },
  { path: '/webhooks', key: 'webhooks', icon: <ApiOutlined />, perm: 'notification:manage' },
  { path: '/api-keys', key: 'apiKeys', icon: <KeyOutlined />, perm: 'apikey:manage' },
  { path: '/open311', key: 'open311', icon: <ApiOutlined />, perm: 'apikey:manage' },
  { path: '/audit', key: 'audit', icon: <AuditOutlined />, perm: 'audit:read' },
];

/** Whether the user reaches the whole alliance (a city administrator always does). */
export function hasAllianceScope(me: MeResponse): boolean {
  return me.user.isCityAdmin || me.role?.dataScope === 'alliance';
}

/** Whether the user may see a menu entry. */
export function visible(e: MenuEntry, me: MeResponse): boolean {
  if (e.cityOnly) return me.user.isCityAdmin;
  if (e.allianceScope && !hasAllianceScope(me)) return false;
  if (!e.perm) return true;
  if (e.cityAdmin && me.user.isCityAdmin) return true;
  return (typeof e.perm === 'string' ? [e.perm] : e.perm).every((p) => me.permissions.includes(p));
}

interface MenuRoute {
  path: string;
  name: string;
  icon: ReactNode;
  routes?: MenuRoute[];
}

/** ProLayout's route tree for the user; grouped entries become a submenu, shown when any of its entries is. */
export function menuRoutes(me: MeResponse): MenuRoute[] {
  const out: MenuRoute[] = [];
  for (const e of MENU.filter((x) => visible(x, me))) {
    const item: MenuRoute = { path: e.path, name: t(`console.menu.${e.key}`), icon: e.icon };
    if (!e.group) {
      out.push(item);
      continue;
    }
    const path = `/_${e.group}`;
    let group = out.find((r) => r.path === path);
    if (!group) {
      group = { path, name: t(`console.menu.group.${e.group}`), icon: GROUP_ICONS[e.group], routes: [] };
      out.push(group);
    }
    group.routes?.push(item);
  }
  return out;
}
