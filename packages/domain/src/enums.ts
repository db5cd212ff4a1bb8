/** Enumerations of the glossary. Labels live in the web locale files, keyed by these values. */

/** 党组织 kinds, from the top of the tree down. */
export const ORG_KINDS = [
  'town_committee', // 镇党委
  'street_committee', // 街道党工委
  'community_committee', // 社区大党委 / 社区党委
  'district_committee', // 商圈党委 / 联盟党委
  'general_branch', // 党总支
  'branch', // 党支部
  'group', // 党小组
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** 成员单位 kinds (DESIGN.md). */
export const UNIT_KINDS = [
  'regulator', // 服务监管部门
  'resident_unit', // 驻区单位
  'property_owner', // 产权单位
  'enterprise', // 企业
  'social_org', // 社会组织
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Roles a person can hold in a grid cell. */
export const GRID_ROLES = [
  'grid_officer', // 网格员
  'shop_leader', // 邻铺长 (Quanzhou 十邻铺)
  'center_household', // 中心户 (Zunyi 党员(商户)中心户)
] as const;
export type GridRole = (typeof GRID_ROLES)[number];

/** Data scopes a role can carry: which rows of the alliance its holders reach. */
export const DATA_SCOPES = ['alliance', 'org', 'grid', 'unit', 'own'] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const RECORD_STATUSES = ['active', 'disabled'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** Every permission of the system; roles are sets of these. */
export const PERMISSIONS = [
  'alliance:read',
  'alliance:write',
  'org:read',
  'org:write',
  'unit:read',
  'unit:write',
  'person:read',
  'person:write',
  'person:reveal',
  'grid:read',
  'grid:write',
  'user:read',
  'user:write',
  'role:read',
  'role:write',
  'apikey:manage',
  'audit:read',
  'ticket:read', // see tickets within the data scope
  'ticket:create', // report / take in a case
  'ticket:dispatch', // committee: dispatch, merge, urge, approve extensions, 回访, cancel
  'ticket:handle', // member unit: accept, return, resolve, ask for extension, 吹哨 — on tickets led by the user's unit
  'category:write', // categories, SLA and routing of the alliance
  'calendar:write', // the city-wide holiday calendar (city admin)
  'stats:read', // 三率 and rankings
  'merchant:read', // the merchant registry and each merchant's credit record
  'merchant:write', // register, edit, import merchants; promises; monitoring points
  'credit:write', // record deductions / restorations (inspectors, regulators)
  'credit:decide', // committee: catalogue and rules, evaluation rounds, plaques, objections, upheld complaints
  'resource:read', // 资源清单 and 项目清单
  'resource:write', // publish resources and service projects, update project progress
  'notification:manage', // webhooks of a unit / the alliance
  'meeting:read', // 联席会议: meetings, their agenda and resolutions
  'meeting:write', // committee: convene, hold, cancel meetings; take 吹哨 items onto the agenda; record resolutions
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Default level names of a grid tree (Yiwu: 社区—网格—企业—商铺). */
export const DEFAULT_GRID_LEVEL_NAMES = ['社区', '网格', '企业', '商铺'];
