export * from './schemas.ts';
export * from './displayLink.ts';
export * from './city.ts';
