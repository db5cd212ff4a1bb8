/** Row types of the Open311 tables (migration and module of the same name). */

/** A ticket taken in through Open311 POST requests, with what GeoReport carries beyond the ticket. */
export interface Open311RequestTable {
  ticket_id: string;
  alliance_id: string;
  token_hash: string;
  api_key_id: string;
  account_id: string | null;
  device_id: string | null;
  media_url: string | null;
  attributes: string; // JSON object: attribute code → value or values
  created_at: number;
}

/** Open311 settings of an alliance (a missing row means the defaults). */
export interface Open311SettingsTable {
  alliance_id: string;
  require_key_for_get: number;
  updated_by: string | null;
  updated_at: number;
}

export interface Open311Tables {
  open311_requests: Open311RequestTable;
  open311_settings: Open311SettingsTable;
}
