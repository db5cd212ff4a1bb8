import { randomBytes } from 'node:crypto';
import { newId } from '../src/lib/ids.ts';
import type { TestEnv } from './harness.ts';

/**
 * A merchant row written straight to the table, for tests of modules that read merchants (the registry's API belongs
 * to the merchants module): a catering shop in the grid with 12 points and 4 stars; `fields` override any column.
 */
export async function insertMerchantRow(
  env: TestEnv,
  at: { allianceId: string; gridId: string | null },
  fields: Partial<Record<string, unknown>> = {},
): Promise<{ id: string; code: string }> {
  const now = env.clock.now();
  const id = newId(now);
  const code = randomBytes(12).toString('base64url');
  await env.deps.db
    .insertInto('merchants')
    .values({
      id,
      alliance_id: at.allianceId,
      credit_code: `91330782${randomBytes(5).toString('hex').toUpperCase()}`,
      name: '老王牛肉面',
      business_type: 'catering',
      address: '稠州北路 188 号',
      lng: null,
      lat: null,
      crs: null,
      wgs_lng: null,
      wgs_lat: null,
      grid_id: at.gridId,
      operator_person_id: null,
      operator_name: '王小明',
      party_member_operator: 0,
      contact_phone_enc: env.deps.cipher.encrypt('13812345678'),
      contact_phone_bidx: env.deps.cipher.blindIndex('13812345678'),
      status: 'operating',
      public_code: code,
      monitoring_point: 0,
      liaison_person_id: null,
      credit_points: 12,
      credit_stars: 4,
      credit_flag: null,
      plaques: '[]',
      promise: '明码标价，诚信经营，不缺斤短两。',
      created_at: now,
      updated_at: now,
      ...fields,
    } as never)
    .execute();
  return { id, code };
}
