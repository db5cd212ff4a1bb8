/** Row types of the joint-meeting tables (migration 0031_meetings). */

export interface MeetingTable {
  id: string;
  alliance_id: string;
  title: string;
  held_at: number;
  place: string | null;
  host: string | null;
  attendees: string | null;
  minutes: string | null;
  status: string;
  cancel_reason: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface MeetingTopicTable {
  id: string;
  alliance_id: string;
  meeting_id: string;
  title: string;
  description: string | null;
  created_by: string | null;
  created_at: number;
}

export interface ResolutionTable {
  id: string;
  alliance_id: string;
  meeting_id: string;
  text: string;
  created_by: string | null;
  created_at: number;
}

/** Merged into Database (db/types.ts). */
export interface MeetingTables {
  meetings: MeetingTable;
  meeting_topics: MeetingTopicTable;
  resolutions: ResolutionTable;
}
