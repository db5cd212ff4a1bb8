export * from './schemas.ts';
export * from './displayLink.ts';
