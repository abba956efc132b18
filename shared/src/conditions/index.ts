export { CONDITION_OPERATORS } from './json-logic';
export * from './evaluate-condition';
export * from './condition-rows';
export * from './explain-condition';
