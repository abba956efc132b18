export * from './graph';
export * from './errors/codes';
export * from './errors/remote-excerpt';
export * from './validation';
export * from './phone/normalize-phone';
export * from './templating';
export * from './conditions';
export * from './json-schema';
