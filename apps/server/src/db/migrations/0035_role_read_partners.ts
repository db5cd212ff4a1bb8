import { sql, type Kysely } from 'kysely';

// Frozen once released: later changes go into new migration files.

// Each write-like permission and the read permission it needs (the domain's READ_PARTNERS as this migration was written)
const READ_PARTNERS: Record<string, string> = {
  'alliance:write': 'alliance:read',
  'org:write': 'org:read',
  'unit:write': 'unit:read',
  'person:write': 'person:read',
  'person:reveal': 'person:read',
  'grid:write': 'grid:read',
  'user:write': 'user:read',
  'role:write': 'role:read',
  'ticket:create': 'ticket:read',
  'ticket:dispatch': 'ticket:read',
  'ticket:handle': 'ticket:read',
  'merchant:write': 'merchant:read',
  'credit:write': 'merchant:read',
  'credit:decide': 'merchant:read',
  'resource:write': 'resource:read',
  'meeting:write': 'meeting:read',
};

/**
 * A role may no longer hold a write-like permission without its read (the roles service refuses it): roles saved before
 * (custom ones, and built-in ones an administrator edited) gain the reads they lack, so that what they may change they
 * may also read, rather than losing what they may change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const roles = await sql<{ id: string; permissions: string }>`select id, permissions from roles`.execute(db);
  for (const r of roles.rows) {
    let held: unknown;
    try {
      held = JSON.parse(r.permissions);
    } catch {
      continue;
    }
    if (!Array.isArray(held)) continue;
    const perms = held.filter((p): p is string => typeof p === 'string');
    const missing = [...new Set(perms.map((p) => READ_PARTNERS[p]).filter((p): p is string => p !== undefined && !perms.includes(p)))];
    if (missing.length === 0) continue;
    await sql`update roles set permissions = ${JSON.stringify([...perms, ...missing])} where id = ${r.id}`.execute(db);
  }
}

// the added reads cannot be told from reads a role held before: nothing to undo
export async function down(): Promise<void> {}
