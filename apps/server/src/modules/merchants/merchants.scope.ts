import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../../db/index.ts';
import type { TenantActor } from '../../lib/context.ts';
import { resolveScope } from '../access/index.ts';

const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

/**
 * Merchants in reach of the actor's data scope (docs/MERCHANTS.md "Data scope"): alliance → all; org → merchants whose
 * grid belongs to an org of the subtree; grid → grid in the subtree; unit → the unit's grid subtree, or every merchant
 * when the unit serves the whole district (no grid); own → merchants whose operator is the actor's person.
 * The expression refers to `merchants.*`; combine it with `merchants.alliance_id = <current>`.
 */
export async function merchantScope(db: Db, a: TenantActor): Promise<Expression<SqlBool>> {
  const scope = await resolveScope(db, a);
  switch (scope.kind) {
    case 'alliance':
      return TRUE;
    case 'org':
      return sql<SqlBool>`merchants.grid_id in (select g.id from grids g join orgs o on o.id = g.org_id where o.path like ${`${scope.orgPath}%`})`;
    case 'grid':
      return sql<SqlBool>`merchants.grid_id in (select g.id from grids g where g.path like ${`${scope.gridPath}%`})`;
    case 'unit': {
      const unit = await db
        .selectFrom('units')
        .leftJoin('grids', 'grids.id', 'units.grid_id')
        .select(['units.id', 'grids.path'])
        .where('units.id', '=', scope.unitId)
        .where('units.alliance_id', '=', a.allianceId)
        .executeTakeFirst();
      if (!unit) return FALSE;
      // a department without a grid (市场监管所, 城管中队) supervises every shop of the district
      if (!unit.path) return TRUE;
      return sql<SqlBool>`merchants.grid_id in (select g.id from grids g where g.path like ${`${unit.path}%`})`;
    }
    case 'own':
      return scope.personId ? sql<SqlBool>`merchants.operator_person_id = ${scope.personId}` : FALSE;
  }
}
