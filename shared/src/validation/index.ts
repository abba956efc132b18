export * from './types';
export * from './validate-graph';
export { NODE_ID_PATTERN, NODE_ID_MAX_LENGTH, MAX_NODE_CONFIG_CHARS, configSizeProblem } from './validate-nodes';
export * from './edge-rules';
