export * from './machine.ts';
export * from './sla.ts';
export * from './rates.ts';
export * from './geo.ts';
export * from './schemas.ts';
export * from './category.ts';
export * from './labels.ts';
