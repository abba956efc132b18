import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@switchboard/shared';
import type { NodeDescription } from '../../api/types';
import { toDiagram } from './diagram';
import { choiceTitles, precedingChoices } from './reply-choices';

const waitForReply: NodeDescription = {
  type: 'flow.wait_for_reply',
  kind: 'action',
  typeVersion: 1,
  title: 'Wait for reply',
  description: '',
  category: 'Flow',
  icon: 'message-square-reply',
  configSchema: { type: 'object', properties: {} },
  outputs: ['replied', 'other', 'timeout'],
  dynamicOutputs: { from: 'buttons' },
};
const plain = (type: string, kind: 'trigger' | 'action'): NodeDescription => ({ ...waitForReply, type, kind, title: type, outputs: ['default'], dynamicOutputs: undefined });
const catalog: Record<string, NodeDescription> = {
  manual: plain('manual', 'trigger'),
  'whatsapp.send_interactive': plain('whatsapp.send_interactive', 'action'),
  'flow.set': plain('flow.set', 'action'),
  'flow.wait_for_reply': waitForReply,
};

const graph = (buttons: unknown): FlowGraph => ({
  nodes: [
    { id: 'start', type: 'manual', config: {} },
    { id: 'ask', type: 'whatsapp.send_interactive', config: { body: 'Still on?', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No, sorry' }] } },
    { id: 'note', type: 'flow.set', config: {} },
    { id: 'wait', type: 'flow.wait_for_reply', config: { buttons } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'ask' },
    { id: 'e2', source: 'ask', target: 'note' },
    { id: 'e3', source: 'note', target: 'wait' },
  ],
});

describe('the buttons before a wait', () => {
  it('finds the nearest interactive message upstream, through other steps', () => {
    expect(precedingChoices(graph(undefined), 'wait')).toEqual({ nodeId: 'ask', choices: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No, sorry' }] });
    expect(precedingChoices(graph(undefined), 'ask')).toBeNull();
    expect(choiceTitles(graph(undefined), 'start').size).toBe(0);
  });

  it('draws a handle per expected button, labelled with its title, beside other and timeout', () => {
    const diagram = toDiagram({ graph: graph(['yes', 'no', 'later']), describe: (type) => catalog[type] });
    const wait = diagram.nodes.find((node) => node.id === 'wait')!;
    expect(wait.data.handles.map((handle) => [handle.id, handle.label])).toEqual([
      ['yes', 'Yes'],
      ['no', 'No, sorry'],
      // An id the message does not offer keeps its name.
      ['later', 'later'],
      ['replied', 'replied'],
      ['other', 'other'],
      ['timeout', 'timeout'],
      ['error', 'on error'],
    ]);
  });
});
