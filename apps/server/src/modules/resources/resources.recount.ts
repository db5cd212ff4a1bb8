/**
 * What `tongxin recount` re-derives of the resources: each resource's search tokens, which need → resource matching
 * reads, from its title, description and availability (the jieba tokens every create and edit writes, tokensOf).
 */
import type { Drift, Recounter } from '../../lib/recount.ts';
import { tokensOf } from './resources.service.ts';

const count = (json: string) => {
  try {
    return `${(JSON.parse(json) as unknown[]).length} tokens`;
  } catch {
    return 'unreadable';
  }
};

/** resources.tokens: rebuilt when they are not what the resource's text gives (lost, or segmented by an older jieba). */
export const resourceTokensRecounter: Recounter = {
  name: 'resources.tokens',
  async check(_deps, db, allianceId) {
    const rows = await db
      .selectFrom('resources')
      .select(['id', 'title', 'description', 'availability', 'tokens'])
      .where('alliance_id', '=', allianceId)
      .orderBy('id')
      .execute();
    const out: Drift[] = [];
    for (const r of rows) {
      const tokens = tokensOf(r);
      if (tokens !== r.tokens) out.push({ id: r.id, stored: count(r.tokens), derived: count(tokens) });
    }
    return out;
  },
  async fix(_deps, trx, drifts) {
    for (const d of drifts) {
      // the row is locked first (a write that changes nothing): an edit committing meanwhile is read, not overwritten
      await trx
        .updateTable('resources')
        .set((eb) => ({ tokens: eb.ref('tokens') }))
        .where('id', '=', d.id)
        .execute();
      const r = await trx.selectFrom('resources').select(['title', 'description', 'availability']).where('id', '=', d.id).executeTakeFirst();
      if (r)
        await trx
          .updateTable('resources')
          .set({ tokens: tokensOf(r) })
          .where('id', '=', d.id)
          .execute();
    }
  },
};
