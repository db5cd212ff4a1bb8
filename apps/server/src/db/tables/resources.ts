/** Row types of the resources and projects tables (migration and module of the same name). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ResourceTables {}
