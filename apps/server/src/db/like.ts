import { sql, type Expression, type SqlBool } from 'kysely';

/** `column like %text%` with the user's `%`, `_` and `\` taken literally (escaped), on SQLite and PostgreSQL alike. */
export function containsText(column: string, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}
