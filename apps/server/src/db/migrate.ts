import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_tickets.ts';
import * as m0003 from './migrations/0003_merchants.ts';
import * as m0004 from './migrations/0004_credit.ts';
import * as m0005 from './migrations/0005_notifications.ts';
import * as m0006 from './migrations/0006_resources.ts';
import * as m0007 from './migrations/0007_open311.ts';
import * as m0008 from './migrations/0008_integrity.ts';
import * as m0009 from './migrations/0009_ticket_search.ts';
import * as m0010 from './migrations/0010_rate_settings.ts';
import * as m0011 from './migrations/0011_ticket_indexes.ts';
import * as m0012 from './migrations/0012_ticket_list_index.ts';
import * as m0013 from './migrations/0013_public_upload_attached.ts';
import * as m0014 from './migrations/0014_merchant_list_index.ts';
import * as m0015 from './migrations/0015_ticket_search_pending.ts';
import * as m0016 from './migrations/0016_deferred_indexes.ts';
import * as m0017 from './migrations/0017_rate_unit_index.ts';
import * as m0018 from './migrations/0018_ticket_count_indexes.ts';
import * as m0019 from './migrations/0019_outbox_queue.ts';
import * as m0020 from './migrations/0020_tickets_merchant_rated.ts';
import * as m0021 from './migrations/0021_returned_dispatches.ts';
import * as m0022 from './migrations/0022_participation_indexes.ts';
import * as m0023 from './migrations/0023_inbox_merchant.ts';
import * as m0024 from './migrations/0024_merchant_upheld_summary.ts';
import * as m0025 from './migrations/0025_unique_name_indexes.ts';
import * as m0026 from './migrations/0026_pending_uploads.ts';
import * as m0027 from './migrations/0027_inbox_facts.ts';
import * as m0028 from './migrations/0028_file_refs.ts';
import * as m0029 from './migrations/0029_project_event_subject.ts';
import * as m0030 from './migrations/0030_masked_default_titles.ts';
import * as m0031 from './migrations/0031_meetings.ts';
import * as m0032 from './migrations/0032_credit_catalogue_defaults.ts';
import * as m0033 from './migrations/0033_import_report_typed.ts';
import * as m0035 from './migrations/0035_role_read_partners.ts';
import * as m0036 from './migrations/0036_tickets_closed.ts';
import * as m0040 from './migrations/0040_display_links.ts';
import * as m0042 from './migrations/0042_phone_lookup_indexes.ts';
import * as m0045 from './migrations/0045_tickets_open_grid.ts';

// Listed statically so a bundled or packaged server finds them without reading a folder.
const MIGRATIONS: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_tickets': m0002,
  '0003_merchants': m0003,
  '0004_credit': m0004,
  '0005_notifications': m0005,
  '0006_resources': m0006,
  '0007_open311': m0007,
  '0008_integrity': m0008,
  '0009_ticket_search': m0009,
  '0010_rate_settings': m0010,
  '0011_ticket_indexes': m0011,
  '0012_ticket_list_index': m0012,
  '0013_public_upload_attached': m0013,
  '0014_merchant_list_index': m0014,
  '0015_ticket_search_pending': m0015,
  '0016_deferred_indexes': m0016,
  '0017_rate_unit_index': m0017,
  '0018_ticket_count_indexes': m0018,
  '0019_outbox_queue': m0019,
  '0020_tickets_merchant_rated': m0020,
  '0021_returned_dispatches': m0021,
  '0022_participation_indexes': m0022,
  '0023_inbox_merchant': m0023,
  '0024_merchant_upheld_summary': m0024,
  '0025_unique_name_indexes': m0025,
  '0026_pending_uploads': m0026,
  '0027_inbox_facts': m0027,
  '0028_file_refs': m0028,
  '0029_project_event_subject': m0029,
  '0030_masked_default_titles': m0030,
  '0031_meetings': m0031,
  '0032_credit_catalogue_defaults': m0032,
  '0033_import_report_typed': m0033,
  '0035_role_read_partners': m0035,
  '0036_tickets_closed': m0036,
  '0040_display_links': m0040,
  '0042_phone_lookup_indexes': m0042,
  '0045_tickets_open_grid': m0045,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>, kind: 'sqlite' | 'postgres'): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which: pin it to the connection's schema
  const schema = kind === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'tx_migrations',
    migrationLockTableName: 'tx_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String((error as Error).message ?? error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
