/** The strings of a JSON array column (photo ids, plaque kinds …); a missing or malformed value is an empty list. */
export function jsonStringArray(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
