import type { DataScope, Permission } from './enums.ts';
import { PERMISSIONS } from './enums.ts';

/** A role every new alliance starts with; admins may add their own. */
export interface BuiltinRole {
  key: 'admin' | 'staff' | 'unit_handler' | 'grid_officer' | 'merchant' | 'volunteer' | 'leader';
  name: string;
  description: string;
  permissions: Permission[];
  dataScope: DataScope;
}

/**
 * The read permission each write-like permission needs beside it: a role may not change, reveal or act on what it may not
 * read, and every write answers the record it wrote. Writes of things without a read permission of their own (categories,
 * the calendar, webhooks, API keys) have none.
 */
export const READ_PARTNERS: Readonly<Partial<Record<Permission, Permission>>> = {
  'alliance:write': 'alliance:read',
  'org:write': 'org:read',
  'unit:write': 'unit:read',
  'person:write': 'person:read',
  'person:reveal': 'person:read',
  'grid:write': 'grid:read',
  'user:write': 'user:read',
  'role:write': 'role:read',
  'ticket:create': 'ticket:read',
  'ticket:dispatch': 'ticket:read',
  'ticket:handle': 'ticket:read',
  'merchant:write': 'merchant:read',
  // a credit record is part of the merchant's record (merchant:read)
  'credit:write': 'merchant:read',
  'credit:decide': 'merchant:read',
  'resource:write': 'resource:read',
  'meeting:write': 'meeting:read',
};

/** The read permissions `perms` lack for the write-like permissions they hold (READ_PARTNERS), in catalogue order. */
export function missingReads(perms: readonly Permission[]): Permission[] {
  const held = new Set(perms);
  const need = new Set(perms.map((p) => READ_PARTNERS[p]).filter((r): r is Permission => r !== undefined && !held.has(r)));
  return PERMISSIONS.filter((p) => need.has(p));
}

const READ_ALL: Permission[] = [
  'alliance:read',
  'org:read',
  'unit:read',
  'person:read',
  'grid:read',
  'ticket:read',
  'stats:read',
  'merchant:read',
  'resource:read',
  'meeting:read',
];

export const BUILTIN_ROLES: BuiltinRole[] = [
  {
    key: 'admin',
    name: '联盟管理员',
    description: '管理本联盟的组织、人员、账号与角色',
    // the holiday calendar is city-wide: only a city administrator edits it
    permissions: PERMISSIONS.filter((p) => p !== 'calendar:write'),
    dataScope: 'alliance',
  },
  {
    key: 'staff',
    name: '党委工作人员',
    description: '商圈党委/社区大党委日常派单、维护组织与网格',
    permissions: [
      ...READ_ALL,
      'org:write',
      'unit:write',
      'person:write',
      'grid:write',
      'user:read',
      'role:read',
      'ticket:create',
      'ticket:dispatch',
      'category:write',
      'merchant:write',
      'credit:write',
      'credit:decide',
      'resource:write',
      'notification:manage',
      'meeting:write',
    ],
    dataScope: 'alliance',
  },
  {
    key: 'unit_handler',
    name: '成员单位经办人',
    description: '接单、办理、反馈本单位的工单',
    permissions: [
      'alliance:read',
      'unit:read',
      'person:read',
      'ticket:read',
      'ticket:handle',
      'ticket:create',
      'stats:read',
      'merchant:read',
      'credit:write',
      'resource:read',
      'resource:write',
      'notification:manage',
    ],
    dataScope: 'unit',
  },
  {
    key: 'grid_officer',
    name: '网格员',
    description: '走网格、上报、巡查本网格',
    permissions: [
      'alliance:read',
      'grid:read',
      'person:read',
      'person:write',
      'unit:read',
      'ticket:read',
      'ticket:create',
      'merchant:read',
      'merchant:write',
      'credit:write',
      'resource:read',
    ],
    dataScope: 'grid',
  },
  {
    key: 'merchant',
    name: '商户',
    description: '上报需求、签署公约、查看本店信用',
    permissions: ['alliance:read', 'ticket:read', 'ticket:create', 'merchant:read', 'resource:read'],
    dataScope: 'own',
  },
  {
    key: 'volunteer',
    name: '志愿者',
    description: '报名活动、签到、查看服务时长',
    permissions: ['alliance:read', 'ticket:read', 'ticket:create'],
    dataScope: 'own',
  },
  { key: 'leader', name: '领导（只读）', description: '查看全联盟数据与大屏', permissions: [...READ_ALL, 'audit:read'], dataScope: 'alliance' },
];
