import { createHmac } from 'node:crypto';

export const GENESIS = 'genesis';

/** The fields an audit record's HMAC covers, in a fixed order. */
export interface ChainedFields {
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
}

/** HMAC-SHA256 over the record's content and the previous record's HMAC. */
export function recordHmac(key: Buffer, r: ChainedFields): string {
  const content = JSON.stringify([
    r.id,
    r.chain,
    Number(r.seq),
    Number(r.at),
    r.actor_id,
    r.actor_name,
    r.action,
    r.entity,
    r.entity_id,
    r.before_json,
    r.after_json,
    r.request_id,
    r.ip,
    r.prev_hmac,
  ]);
  return createHmac('sha256', key).update(content).digest('hex');
}

/** The chain name of an alliance, or of city-level actions. */
export function chainOf(allianceId: string | null): string {
  return allianceId ? `alliance:${allianceId}` : 'city';
}
