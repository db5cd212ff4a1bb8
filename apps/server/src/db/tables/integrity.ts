/** Row types of the integrity-page module's tables (migration 0008_integrity; the ticket columns it adds are in TicketTable). */
export interface IntegritySettingsTable {
  alliance_id: string;
  confidential_contact_user_id: string | null;
  updated_by: string | null;
  updated_at: number;
}

export interface IntegrityTables {
  integrity_settings: IntegritySettingsTable;
}
