/** Row types of every table, as Kysely sees them. Times are UTC epoch ms; booleans are 0/1 integers on both databases. */
import type { Generated } from 'kysely';
import type { CreditTables } from './tables/credit.ts';
import type { IntegrityTables } from './tables/integrity.ts';
import type { NotificationTables } from './tables/notifications.ts';
import type { Open311Tables } from './tables/open311.ts';
import type { MeetingTables } from './tables/meetings.ts';
import type { ResourceTables } from './tables/resources.ts';

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

/** A display link (大屏投屏链接, migration 0040): `sections` is a JSON array of DisplaySection. */
export interface DisplayLinkTable {
  id: string;
  alliance_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  sections: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
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

export interface CategoryTable {
  id: string;
  alliance_id: string;
  code: string;
  name: string;
  gb_class: string | null;
  accept_hours: number;
  resolve_days: number;
  urgent_hours: number;
  default_lead_unit_id: string | null;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface CategoryRouteTable {
  alliance_id: string;
  category_id: string;
  grid_id: string;
  unit_id: string;
}

export interface CalendarDayTable {
  date: string;
  kind: string; // holiday | workday
  name: string | null;
  updated_at: number;
}

export interface CalendarYearTable {
  year: number;
  published: number;
  updated_at: number;
}

/** A record holding a photo (migration 0028): who can see the record sees the photo. */
export interface FileRefTable {
  file_id: string;
  alliance_id: string;
  entity: 'ticket' | 'merchant' | 'project';
  entity_id: string;
}

/** An upload no record has used yet (migration 0026): deleted with its file after a day. */
export interface PendingUploadTable {
  file_id: string;
  created_at: number;
}

export interface FileTable {
  id: string;
  alliance_id: string | null;
  owner_user_id: string | null;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  sha256: string;
  content: Buffer;
  thumb: Buffer;
  /** legacy (migrations 0013–0025): whether a record used this public upload; since 0026 see pending_uploads */
  attached: Generated<number>;
  created_at: number;
}

export interface TicketTable {
  id: string;
  alliance_id: string;
  number: string;
  kind: string;
  status: string;
  category_id: string;
  title: string;
  description: string;
  photos: string; // JSON array of file ids
  lng: number | null;
  lat: number | null;
  crs: string | null;
  wgs_lng: number | null;
  wgs_lat: number | null;
  address: string | null;
  grid_id: string | null;
  merchant_name: string | null;
  merchant_id: string | null;
  complaint_verdict: string | null; // upheld | rejected
  verdict_at: number | null;
  // monitoring-point feedback (0008_integrity; optional here because the columns have defaults): a confidential ticket
  // is seen by confidential_user_id, its reporter and its lead unit only, never by concerned_unit_id
  confidential?: number;
  confidential_user_id?: string | null;
  concerned_unit_id?: string | null;
  feedback_topic?: string | null; // service | conduct
  urgent: number;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_bidx: string | null;
  anonymous: number;
  tracking_hash: string | null;
  lead_unit_id: string | null;
  responsible_person_id: string | null;
  accept_due_at: number | null;
  due_at: number | null;
  due_beyond_calendar: number;
  warned: number;
  overdue: number;
  accept_overdue: number;
  escalated: number;
  extension_pending: number;
  extension_until: number | null;
  rating_stars: number | null;
  rating_solved: number | null;
  rating_comment: string | null;
  rating_by_callback: number | null;
  rated_at: number | null;
  callback_due: number;
  closed_unrated: number;
  merged_into_id: string | null;
  reopen_count: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  dispatched_at: number | null;
  accepted_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
}

export interface TicketUnitTable {
  alliance_id: string;
  ticket_id: string;
  unit_id: string;
}

/** A dispatch that ended in a 退单: 响应率 still counts it for the unit it went to (the ticket's columns then hold the next one). */
export interface ReturnedDispatchTable {
  /** the return event's id */
  id: string;
  alliance_id: string;
  ticket_id: string;
  unit_id: string;
  dispatched_at: number;
  accept_due_at: number | null;
  accepted_at: number | null;
  returned_at: number;
}

export interface TicketEventTable {
  id: string;
  alliance_id: string;
  ticket_id: string;
  action: string;
  at: number;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_unit_id: string | null;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  photos: string; // JSON array of file ids
  data: string | null; // JSON
}

export interface TicketCounterTable {
  alliance_id: string;
  day: string;
  seq: number;
}

/** One row per ticket: its search tokens (SQLite: an FTS5 table, `tokens` space-separated; PostgreSQL: text[] with GIN). */
export interface TicketSearchTable {
  ticket_id: string;
  alliance_id: string;
  tokens: string | string[];
}

export interface TicketExtensionTable {
  id: string;
  alliance_id: string;
  ticket_id: string;
  requested_by: string | null;
  until: number;
  reason: string;
  status: string;
  decided_by: string | null;
  decided_at: number | null;
  note: string | null;
  created_at: number;
}

export interface AgendaCandidateTable {
  id: string;
  alliance_id: string;
  ticket_id: string;
  reason: string;
  source: string;
  meeting_id: string | null;
  created_by: string | null;
  created_at: number;
  /** when and by whom a joint meeting took it (migration 0031) */
  taken_at: number | null;
  taken_by: string | null;
}

export interface OutboxTable {
  id: string;
  alliance_id: string | null;
  topic: string;
  payload: string;
  created_at: number;
  available_at: number;
  attempts: number;
  claimed_by: string | null;
  claimed_until: number | null;
  delivered_at: number | null;
  last_error: string | null;
}

export interface JobLeaseTable {
  name: string;
  holder: string | null;
  until: number;
}

export interface RateSettingsTable {
  alliance_id: string;
  satisfied_stars: number;
  include_callbacks: number;
  updated_at: number;
}

export interface MerchantTable {
  id: string;
  alliance_id: string;
  credit_code: string;
  name: string;
  business_type: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  crs: string | null;
  wgs_lng: number | null;
  wgs_lat: number | null;
  grid_id: string | null;
  operator_person_id: string | null;
  operator_name: string | null;
  party_member_operator: number;
  contact_phone_enc: string | null;
  contact_phone_bidx: string | null;
  status: string; // operating | closed
  public_code: string;
  monitoring_point: number;
  liaison_person_id: string | null;
  credit_points: number;
  credit_stars: number | null;
  credit_flag: string | null; // red | yellow
  plaques: string; // JSON array
  promise: string | null;
  /** the Asia/Shanghai year of the latest upheld complaint (0: none) and how many were upheld in it (credit recountUpheld) */
  upheld_year: number;
  upheld_count: number;
  created_at: number;
  updated_at: number;
}

export interface MerchantImportReportTable {
  id: string;
  alliance_id: string;
  created_by: string | null;
  file_name: string;
  rejected: number;
  /** the workbook with its phones masked: what anyone but the uploader gets */
  content: Buffer;
  /** the workbook as typed (base64, encrypted): its uploader's copy; null when it would equal `content` */
  typed_content_enc: string | null;
  created_at: number;
}

/** Every table; the tables of later modules are declared in `tables/<module>.ts` and merged here. */
export interface Database extends CreditTables, IntegrityTables, NotificationTables, ResourceTables, Open311Tables, MeetingTables {
  alliances: AllianceTable;
  users: UserTable;
  roles: RoleTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  display_links: DisplayLinkTable;
  orgs: OrgTable;
  grids: GridTable;
  grid_members: GridMemberTable;
  units: UnitTable;
  people: PersonTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadTable;
  categories: CategoryTable;
  category_routes: CategoryRouteTable;
  calendar_days: CalendarDayTable;
  calendar_years: CalendarYearTable;
  files: FileTable;
  pending_uploads: PendingUploadTable;
  file_refs: FileRefTable;
  tickets: TicketTable;
  ticket_units: TicketUnitTable;
  ticket_events: TicketEventTable;
  ticket_counters: TicketCounterTable;
  ticket_search: TicketSearchTable;
  ticket_extensions: TicketExtensionTable;
  agenda_candidates: AgendaCandidateTable;
  returned_dispatches: ReturnedDispatchTable;
  outbox: OutboxTable;
  job_leases: JobLeaseTable;
  merchants: MerchantTable;
  rate_settings: RateSettingsTable;
  merchant_import_reports: MerchantImportReportTable;
}
