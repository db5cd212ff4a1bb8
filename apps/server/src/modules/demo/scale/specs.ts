/** The tables the generator writes in bulk, with the columns in row order (types for PostgreSQL's unnest). */
import type { ColType, TableSpec } from './sink.ts';

const t = (table: string, cols: string, pg?: Record<string, string>): TableSpec => ({
  table,
  cols: cols.split(/\s+/).map((c) => {
    const [name, type] = c.split(':') as [string, string | undefined];
    return [name, (type ?? 'text') as ColType] as const;
  }),
  ...(pg ? { pg } : {}),
});

export const ORGS = t('orgs', 'id alliance_id parent_id path kind name secretary sort_order:int8 created_at:int8 updated_at:int8');
export const GRIDS = t('grids', 'id alliance_id parent_id path level:int8 name code org_id sort_order:int8 created_at:int8 updated_at:int8');
export const UNITS = t(
  'units',
  'id alliance_id kind name category org_id grid_id contact_name contact_phone_enc contact_phone_bidx address duties status created_at:int8 updated_at:int8',
);
export const PEOPLE = t(
  'people',
  'id alliance_id name gender phone_enc phone_bidx id_type id_number_enc id_number_bidx is_party_member:int8 org_id unit_id grid_id title created_at:int8 updated_at:int8',
);
export const GRID_MEMBERS = t('grid_members', 'alliance_id grid_id person_id role created_at:int8');
export const MERCHANTS = t(
  'merchants',
  `id alliance_id credit_code name business_type address lng:float8 lat:float8 crs wgs_lng:float8 wgs_lat:float8 grid_id operator_person_id
   operator_name party_member_operator:int8 contact_phone_enc contact_phone_bidx status public_code monitoring_point:int8
   credit_points:int8 credit_stars:int8 credit_flag plaques promise created_at:int8 updated_at:int8`,
);
export const TICKETS = t(
  'tickets',
  `id alliance_id number kind status category_id title description photos address grid_id merchant_name merchant_id
   complaint_verdict verdict_at:int8 urgent:int8 anonymous:int8 reporter_name lead_unit_id accept_due_at:int8 due_at:int8
   warned:int8 overdue:int8 accept_overdue:int8 rating_stars:int8 rating_solved:int8 rating_by_callback:int8 rated_at:int8
   closed_unrated:int8 reopen_count:int8 created_by created_at:int8 updated_at:int8 dispatched_at:int8 accepted_at:int8
   resolved_at:int8 closed_at:int8`,
);
export const TICKET_EVENTS = t(
  'ticket_events',
  'id alliance_id ticket_id action at:int8 actor_user_id actor_name actor_unit_id from_status to_status note photos data',
);
export const TICKET_UNITS = t('ticket_units', 'alliance_id ticket_id unit_id');
export const RETURNED_DISPATCHES = t(
  'returned_dispatches',
  'id alliance_id ticket_id unit_id dispatched_at:int8 accept_due_at:int8 accepted_at:int8 returned_at:int8',
);
export const TICKET_SEARCH = t('ticket_search', 'ticket_id alliance_id tokens', { tokens: "string_to_array(u.tokens, ' ')" });
export const TICKET_COUNTERS = t('ticket_counters', 'alliance_id day seq:int8');
export const CREDIT_CYCLES = t(
  'credit_cycles',
  'id alliance_id merchant_id label starts_at:int8 ends_at:int8 opening_points:int8 closing_points:int8 closed_at:int8',
);
export const CREDIT_ACCOUNTS = t('credit_accounts', 'merchant_id alliance_id cycle_id cycle_ends_at:int8 flag_month updated_at:int8');
export const CREDIT_ENTRIES = t(
  'credit_entries',
  `id alliance_id merchant_id cycle_id seq:int8 kind item_id item_code item_name points_asked:int8 points_applied:int8 delta:int8
   balance_after:int8 photos place note inspector_user_id inspector_name ticket_id at:int8`,
);
export const CREDIT_FIRES = t('credit_fires', 'cycle_id threshold:int8 alliance_id merchant_id entry_id actions fired_at:int8');
export const CREDIT_FLAGS = t('credit_flags', 'merchant_id month alliance_id flag reasons consequence_yellow:int8 computed_at:int8');
export const CREDIT_NOTICES = t('credit_notices', 'id alliance_id merchant_id audience kind title body data created_at:int8');
export const CREDIT_PROMISES = t('credit_promises', 'id alliance_id merchant_id identity duty pledge text created_by created_by_name created_at:int8');
export const CREDIT_ROUNDS = t(
  'credit_rounds',
  'id alliance_id name plaque_kind status valid_until:int8 created_by created_by_name created_at:int8 finished_at:int8',
);
export const CREDIT_ROUND_CANDIDATES = t(
  'credit_round_candidates',
  'round_id merchant_id alliance_id rank:int8 score:int8 stars:int8 points:int8 upheld_complaints:int8 holder:int8 decision note decided_by_name decided_at:int8',
);
export const CREDIT_PLAQUES = t(
  'credit_plaques',
  'id alliance_id merchant_id kind round_id granted_at:int8 valid_until:int8 revoked_at:int8 revoke_reason revoked_by_name',
);

/** Every bulk table, parents first (the PostgreSQL sink flushes in this order). */
export const ALL_SPECS: readonly TableSpec[] = [
  ORGS,
  GRIDS,
  UNITS,
  PEOPLE,
  GRID_MEMBERS,
  MERCHANTS,
  TICKETS,
  TICKET_EVENTS,
  TICKET_UNITS,
  TICKET_SEARCH,
  TICKET_COUNTERS,
  CREDIT_CYCLES,
  CREDIT_ACCOUNTS,
  CREDIT_ENTRIES,
  CREDIT_FIRES,
  CREDIT_FLAGS,
  CREDIT_NOTICES,
  CREDIT_PROMISES,
  CREDIT_ROUNDS,
  CREDIT_ROUND_CANDIDATES,
  CREDIT_PLAQUES,
];
