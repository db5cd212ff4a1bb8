import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * `column like %text%` with the user's `%`, `_` and `\` taken literally (escaped), on SQLite and PostgreSQL alike: a
 * search for 100% or a_b finds those, not every row. `column` is a column name or an expression (e.g. lower(name)).
 */
export function containsText(column: string | Expression<unknown>, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${typeof column === 'string' ? sql.ref(column) : column} like ${pattern} escape '\\'`;
}
