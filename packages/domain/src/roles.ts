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
