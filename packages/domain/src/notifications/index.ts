export * from './schemas.ts';
export * from './time.ts';
