/** Row types of the Open311 tables (migration and module of the same name). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Open311Tables {}
