export * from './merchant.ts';
export * from './credit.ts';
export * from './integrity.ts';
