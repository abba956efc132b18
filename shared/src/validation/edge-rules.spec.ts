import { describe, expect, it } from 'vitest';
import { brokenEdgeRules } from './edge-rules';

const action = (id: string) => ({ id, kind: 'action' as const });
const source = { id: 'send', handles: ['default', 'error'] };

describe('brokenEdgeRules', () => {
  it('finds nothing wrong with an edge between two nodes from a handle the source has', () => {
    expect(brokenEdgeRules({ source, target: action('next'), handle: 'default', repeated: false })).toEqual([]);
  });

  it('names every broken rule, in the order the editor picks its message from', () => {
    expect(brokenEdgeRules({ source: undefined, target: undefined, handle: 'default', repeated: true })).toEqual(['unknown-source', 'unknown-target']);
    expect(brokenEdgeRules({ source: { id: 'call', handles: ['default'] }, target: { id: 'call', kind: 'trigger' }, handle: 'yes', repeated: true })).toEqual([
      'self',
      'into-trigger',
      'unknown-handle',
      'repeated',
    ]);
  });

  it('does not check the handle of a source whose handles are unknown', () => {
    expect(brokenEdgeRules({ source: { id: 'mystery' }, target: action('next'), handle: 'anything', repeated: false })).toEqual([]);
  });
});
