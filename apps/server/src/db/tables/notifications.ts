/** Row types of the notifications tables (migration and module of the same name). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NotificationTables {}
