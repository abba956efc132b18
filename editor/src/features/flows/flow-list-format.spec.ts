import { describe, expect, it } from 'vitest';
import type { FlowTemplateView } from '../../api/types';
import { flowStatus, orderedSteps, parseFlowFile, problemLines, problemsLabel, suggestedName } from './flow-list-format';

describe('flow list labels', () => {
  it('shows drafts and published versions', () => {
    expect(flowStatus({ status: 'draft', publishedVersion: null })).toEqual({ label: 'draft', badge: 'draft' });
    expect(flowStatus({ status: 'published', publishedVersion: 3 })).toEqual({ label: 'published v3', badge: 'published' });
  });

  it('counts problems', () => {
    const problem = { nodeId: null, field: 'nodes', message: 'needs a trigger' };
    expect(problemsLabel({ status: 'draft', problems: [] })).toBeNull();
    expect(problemsLabel({ status: 'draft', problems: [problem] })).toBe('1 problem');
    expect(problemsLabel({ status: 'draft', problems: [problem, problem] })).toBe('2 problems');
    expect(problemsLabel({ status: 'published', problems: [problem] })).toBe('draft: 1 problem');
  });

  it('suggests a unique name', () => {
    expect(suggestedName({ name: 'Appointment confirmation' }, [])).toBe('Appointment confirmation');
    expect(suggestedName({ name: 'Appointment confirmation' }, ['appointment confirmation', 'Appointment confirmation 2'])).toBe('Appointment confirmation 3');
    expect(suggestedName(null, [])).toBe('Untitled flow');
  });
});

describe('orderedSteps', () => {
  it('walks from the trigger along the edges', () => {
    const template = {
      triggerType: 'call.completed',
      steps: [
        { id: 'send', type: 'whatsapp.send_template', title: 'Send WhatsApp template' },
        { id: 'wait', type: 'flow.delay', title: 'Wait' },
        { id: 'call', type: 'call.completed', title: 'Call completed' },
        { id: 'loose', type: 'flow.set', title: 'Set values' },
      ],
      graph: {
        nodes: [],
        edges: [
          { id: 'e1', source: 'call', target: 'wait' },
          { id: 'e2', source: 'wait', target: 'send' },
        ],
      },
    } as unknown as Pick<FlowTemplateView, 'steps' | 'graph' | 'triggerType'>;
    expect(orderedSteps(template).map((step) => step.id)).toEqual(['call', 'wait', 'send', 'loose']);
  });
});

describe('import files', () => {
  it('reads a flow document, or one wrapped in { flow }', () => {
    expect(parseFlowFile('{"name":"A","graph":{"nodes":[],"edges":[]}}')).toEqual({ ok: true, document: { name: 'A', graph: { nodes: [], edges: [] } } });
    expect(parseFlowFile('{"flow":{"name":"A","graph":{}}}')).toEqual({ ok: true, document: { name: 'A', graph: {} } });
  });

  it('explains files that are not flow documents', () => {
    const broken = parseFlowFile('{ nope');
    expect(broken.ok).toBe(false);
    expect(parseFlowFile('[1,2]')).toEqual({ ok: false, message: expect.stringContaining('flow document') });
  });

  it('turns the API’s details into readable lines', () => {
    expect(problemLines([{ field: 'name', message: 'name is required' }, { nodeId: 'send', field: 'config.to', message: 'is required' }, { field: '(body)', message: 'bad' }])).toEqual([
      'name: name is required',
      'step “send” · config.to: is required',
      'bad',
    ]);
    expect(problemLines(undefined)).toEqual([]);
  });
});
