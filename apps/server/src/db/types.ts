/** Row types of every table, as Kysely sees them. Times are UTC epoch ms; booleans are 0/1 integers on both databases. */

export interface AllianceTable {
  id: string;
  code: string;
  name: string;
  region: string | null;
  description: string | null;
  grid_level_names: string; // JSON array
  status: string;
  created_at: number;
  updated_at: number;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  status: string;
  is_city_admin: number;
  person_id: string | null;
  failed_logins: number;
  locked_until: number | null;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface RoleTable {
  id: string;
  alliance_id: string;
  name: string;
  description: string | null;
  permissions: string; // JSON array
  data_scope: string;
  builtin: number;
  created_at: number;
  updated_at: number;
}

export interface MembershipTable {
  id: string;
  user_id: string;
  alliance_id: string;
  role_id: string;
  unit_id: string | null;
  scope_org_id: string | null;
  scope_grid_id: string | null;
  created_at: number;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token
  user_id: string;
  alliance_id: string | null;
  created_at: number;
  last_seen_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiKeyTable {
  id: string;
  alliance_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  role_id: string;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface OrgTable {
  id: string;
  alliance_id: string;
  parent_id: string | null;
  path: string; // '/rootId/…/id/' for subtree queries
  kind: string;
  name: string;
  secretary: string | null;
  description: string | null;
  sort_order: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface GridTable {
  id: string;
  alliance_id: string;
  parent_id: string | null;
  path: string;
  level: number;
  name: string;
  code: string | null;
  org_id: string | null;
  description: string | null;
  sort_order: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface GridMemberTable {
  alliance_id: string;
  grid_id: string;
  person_id: string;
  role: string;
  created_at: number;
}

export interface UnitTable {
  id: string;
  alliance_id: string;
  kind: string;
  name: string;
  category: string | null;
  org_id: string | null;
  grid_id: string | null;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_bidx: string | null;
  address: string | null;
  duties: string | null;
  status: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface PersonTable {
  id: string;
  alliance_id: string;
  name: string;
  gender: string | null;
  phone_enc: string | null;
  phone_bidx: string | null;
  id_type: string | null;
  id_number_enc: string | null;
  id_number_bidx: string | null;
  is_party_member: number;
  org_id: string | null;
  unit_id: string | null;
  grid_id: string | null;
  title: string | null;
  note: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface AuditLogTable {
  id: string;
  chain: string;
  seq: number;
  at: number;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
  prev_hmac: string;
  hmac: string;
}

export interface AuditHeadTable {
  chain: string;
  seq: number;
  hmac: string;
  updated_at: number;
}

export interface Database {
  alliances: AllianceTable;
  users: UserTable;
  roles: RoleTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  orgs: OrgTable;
  grids: GridTable;
  grid_members: GridMemberTable;
  units: UnitTable;
  people: PersonTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadTable;
}
