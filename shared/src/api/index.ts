/**
 * The HTTP API's contract: a zod schema for every response body (and the requests that live
 * here), grouped by resource. The engine documents `/api/docs` from them and a test checks
 * every route's answers against them; clients take their types (`z.infer`) from here.
 */
export * from './registry';
export * from './common';
export * from './flows';
export * from './runs';
export * from './connections';
export * from './message-templates';
export * from './events';
export * from './messages';
export * from './conversations';
export * from './tasks';
export * from './alerts';
export * from './audit';
export * from './activity';
export * from './analytics';
export * from './emails';
export * from './functions';
export * from './workspace';
export * from './api-keys';
export * from './accounts';
export * from './roles';
export * from './webhook-deliveries';
export * from './nodes';
export * from './operations';
export * from './operation-paths';
export * from './campaigns';
