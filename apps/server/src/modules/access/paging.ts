/** Offset and limit of a page query. */
export function listParams(q: { page: number; pageSize: number }): { offset: number; limit: number } {
  return { offset: (q.page - 1) * q.pageSize, limit: q.pageSize };
}

/** The `{items, total}` shape of every list. */
export function paged<T>(items: T[], total: number | string): { items: T[]; total: number } {
  return { items, total: Number(total) };
}
