/** Row types of the resources and projects tables (migration 0006_resources). */

export interface ResourceTable {
  id: string;
  alliance_id: string;
  unit_id: string;
  category: string;
  title: string;
  description: string | null;
  capacity: number | null;
  availability: string | null;
  weekly_slots: string;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_bidx: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  crs: string | null;
  wgs_lng: number | null;
  wgs_lat: number | null;
  status: string;
  tokens: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ProjectTable {
  id: string;
  alliance_id: string;
  parent_id: string | null;
  path: string;
  depth: number;
  kind: string;
  title: string;
  description: string | null;
  owner_unit_id: string;
  responsible_person_id: string | null;
  deadline: string | null;
  weight: number;
  progress: number;
  status: string;
  ticket_id: string | null;
  resource_id: string | null;
  capacity: number | null;
  /** the joint meeting's resolution that created it (migration 0031) */
  resolution_id: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface ProjectEventTable {
  id: string;
  alliance_id: string;
  project_id: string;
  action: string;
  at: number;
  actor_user_id: string | null;
  actor_name: string | null;
  from_status: string | null;
  to_status: string | null;
  progress_from: number | null;
  progress_to: number | null;
  note: string | null;
  photos: string;
  /** the adopter an adoption event (adopt, adopt_cancel) concerns, who reads it on the timeline (migration 0029) */
  subject_user_id: string | null;
}

export interface ProjectAdoptionTable {
  id: string;
  alliance_id: string;
  project_id: string;
  user_id: string;
  adopter_name: string;
  merchant_id: string | null;
  note: string | null;
  status: string;
  created_at: number;
  cancelled_at: number | null;
  cancelled_by: string | null;
}

/** Merged into Database (db/types.ts). */
export interface ResourceTables {
  resources: ResourceTable;
  projects: ProjectTable;
  project_events: ProjectEventTable;
  project_adoptions: ProjectAdoptionTable;
}
