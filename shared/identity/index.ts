export * from './personal-id.ts';
export * from './tax-code.ts';
export * from './names.ts';
export * from './match.ts';
export * from './compare.ts';
