import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlowView } from '../api/types';
import { useFlowEditor } from './flow-store';

const flow: FlowView = {
  id: 'f1',
  name: 'Test',
  description: '',
  status: 'draft',
  triggerType: null,
  graph: { nodes: [{ id: 'send', type: 'whatsapp.send_text', config: { message: '' } }], edges: [] },
  valid: true,
  problems: [],
  revision: 1,
  publishedVersionId: null,
  publishedVersion: null,
  createdAt: '',
  updatedAt: '',
};

describe('flow store history', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useFlowEditor.getState().load(flow);
  });
  afterEach(() => vi.useRealTimers());

  const message = () => useFlowEditor.getState().graph.nodes[0]!.config.message;

  it('makes typing in one field one undo step, and a pause or another field a new one', () => {
    const { setConfig } = useFlowEditor.getState();
    for (const text of ['H', 'He', 'Hel', 'Hello']) {
      setConfig('send', { message: text });
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(2000);
    setConfig('send', { message: 'Hello!' });
    expect(useFlowEditor.getState().past).toHaveLength(2);
    useFlowEditor.getState().undo();
    expect(message()).toBe('Hello');
    useFlowEditor.getState().undo();
    expect(message()).toBe('');
    useFlowEditor.getState().redo();
    expect(message()).toBe('Hello');
  });
});
