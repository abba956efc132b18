export * from './types';
export * from './traversal';
export * from './cycles';
export * from './retry-limits';
export * from './write-only';
export * from './handles';
