/** Row types of the credit (十二分制) tables (migration and module of the same name). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CreditTables {}
