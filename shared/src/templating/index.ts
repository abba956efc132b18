export { checkTemplate, hasTags } from './parse-template';
export * from './render-template';
export * from './template-variables';
export * from './system-variables';
export * from './run-context';
export * from './time-zone';
export * from './transcript';
