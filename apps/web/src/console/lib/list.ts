import { get } from '../../shared/api.ts';
import { showError } from './errors.ts';

export interface Paged<T> {
  items: T[];
  total: number;
  /** the ticket list counts up to a cap (TICKET_COUNT_CAP): more match than `total` */
  totalCapped?: boolean;
}

type Scalar = string | number | boolean | undefined | null;

/** A ProTable `request` calling a list endpoint: page/pageSize from ProTable, every other non-empty scalar param as a filter. */
export function listRequest<T>(path: string, extra?: () => Record<string, Scalar>) {
  return async (params: Record<string, unknown> & { current?: number; pageSize?: number }) => {
    const { current, pageSize, ...rest } = params;
    const query: Record<string, Scalar> = { page: current ?? 1, pageSize: pageSize ?? 20, ...(extra?.() ?? {}) };
    for (const [k, v] of Object.entries(rest)) {
      if (v === undefined || v === null || v === '' || typeof v === 'object') continue;
      query[k] = typeof v === 'string' ? v.trim() : (v as Scalar);
    }
    try {
      const r = await get<Paged<T>>(path, query);
      return { data: r.items, total: r.total, success: true, totalCapped: r.totalCapped === true };
    } catch (e) {
      showError(e);
      return { data: [] as T[], total: 0, success: false, totalCapped: false };
    }
  };
}

/** Fetches up to 200 rows of a list (for lookups and selects); an empty list when it fails. */
export async function fetchAll<T>(path: string, query?: Record<string, Scalar>): Promise<T[]> {
  try {
    const r = await get<Paged<T>>(path, { page: 1, pageSize: 200, ...query });
    return r.items;
  } catch {
    return [];
  }
}

/** Turns undefined values of the given keys into null, so that clearing a field on edit clears it on the server. */
export function nullify<T extends object>(values: T, keys: (keyof T)[]): T {
  const out = { ...values } as Record<string, unknown>;
  for (const k of keys) if (out[k as string] === undefined || out[k as string] === '') out[k as string] = null;
  return out as T;
}
