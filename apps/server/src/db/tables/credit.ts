/** Row types of the credit (十二分制) tables (migration and module of the same name). */

export interface CreditSettingsTable {
  alliance_id: string;
  config: string; // JSON of CreditSettings
  updated_at: number;
}

export interface CreditItemTable {
  id: string;
  alliance_id: string;
  code: string;
  name: string;
  points: number;
  active: number;
  sort_order: number;
  created_at: number;
  updated_at: number;
}

export interface CreditAccountTable {
  merchant_id: string;
  alliance_id: string;
  cycle_id: string;
  cycle_ends_at: number;
  flag_month: string;
  updated_at: number;
}

export interface CreditCycleTable {
  id: string;
  alliance_id: string;
  merchant_id: string;
  label: string;
  starts_at: number;
  ends_at: number;
  opening_points: number;
  closing_points: number | null;
  closed_at: number | null;
}

export interface CreditEntryTable {
  id: string;
  alliance_id: string;
  merchant_id: string;
  cycle_id: string;
  seq: number;
  kind: string;
  item_id: string | null;
  item_code: string | null;
  item_name: string | null;
  points_asked: number;
  points_applied: number;
  delta: number;
  balance_after: number;
  photos: string; // JSON array of file ids
  place: string | null;
  note: string | null;
  inspector_user_id: string | null;
  inspector_name: string | null;
  corrects_entry_id: string | null;
  ticket_id: string | null;
  objection_id: string | null;
  at: number;
}

export interface CreditFireTable {
  cycle_id: string;
  threshold: number;
  alliance_id: string;
  merchant_id: string;
  entry_id: string;
  actions: string; // JSON
  fired_at: number;
}

export interface CreditFlagTable {
  merchant_id: string;
  month: string;
  alliance_id: string;
  flag: string | null;
  reasons: string; // JSON array
  consequence_yellow: number;
  computed_at: number;
}

export interface CreditRoundTable {
  id: string;
  alliance_id: string;
  name: string;
  plaque_kind: string;
  status: string;
  valid_until: number | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface CreditRoundCandidateTable {
  round_id: string;
  merchant_id: string;
  alliance_id: string;
  rank: number;
  score: number;
  stars: number;
  points: number;
  upheld_complaints: number;
  holder: number;
  decision: string;
  note: string | null;
  decided_by_name: string | null;
  decided_at: number | null;
}

export interface CreditPlaqueTable {
  id: string;
  alliance_id: string;
  merchant_id: string;
  kind: string;
  round_id: string | null;
  granted_at: number;
  valid_until: number | null;
  revoked_at: number | null;
  revoke_reason: string | null;
  revoked_by_name: string | null;
}

export interface CreditPromiseTable {
  id: string;
  alliance_id: string;
  merchant_id: string;
  identity: string;
  duty: string;
  pledge: string;
  text: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: number;
}

export interface CreditObjectionTable {
  id: string;
  alliance_id: string;
  merchant_id: string;
  entry_id: string | null;
  ticket_id: string | null;
  reason: string;
  photos: string;
  status: string;
  filed_by: string | null;
  filed_by_name: string | null;
  filed_at: number;
  decided_by_name: string | null;
  decided_at: number | null;
  decision_note: string | null;
  reversal_entry_id: string | null;
}

export interface CreditNoticeTable {
  id: string;
  alliance_id: string;
  merchant_id: string;
  audience: string;
  kind: string;
  title: string;
  body: string;
  data: string | null;
  created_at: number;
}

export interface CreditTables {
  credit_settings: CreditSettingsTable;
  credit_items: CreditItemTable;
  credit_accounts: CreditAccountTable;
  credit_cycles: CreditCycleTable;
  credit_entries: CreditEntryTable;
  credit_fires: CreditFireTable;
  credit_flags: CreditFlagTable;
  credit_rounds: CreditRoundTable;
  credit_round_candidates: CreditRoundCandidateTable;
  credit_plaques: CreditPlaqueTable;
  credit_promises: CreditPromiseTable;
  credit_objections: CreditObjectionTable;
  credit_notices: CreditNoticeTable;
}
