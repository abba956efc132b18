import type { NodeDescription } from '../../api/types';
import type { Describe } from '../../store/graph-operations';

/** A small catalog shaped like `GET /api/nodes`, for the canvas and flow-page specs. */
const node = (type: string, kind: 'trigger' | 'action', extra: Partial<NodeDescription> = {}): NodeDescription => ({
  type,
  kind,
  typeVersion: 1,
  title: type,
  description: `${type} node`,
  category: kind === 'trigger' ? 'Triggers' : 'Flow',
  icon: 'box',
  configSchema: { type: 'object', properties: {} },
  outputs: kind === 'trigger' ? ['default'] : ['default', 'error'],
  ...extra,
});

export const fixtureCatalog: Record<string, NodeDescription> = {
  'call.completed': node('call.completed', 'trigger', {
    title: 'Call completed',
    icon: 'phone',
    configSchema: { type: 'object', properties: { callType: { type: 'string', default: 'all' }, conditions: {} } },
    sampleEvent: { customer: { phone: '+14155551234' } },
  }),
  manual: node('manual', 'trigger', { title: 'Run by hand', icon: 'play', sampleEvent: { customer: { name: 'Alex' } } }),
  'flow.branch': node('flow.branch', 'action', { title: 'Branch', icon: 'git-branch', outputs: ['else', 'error'], dynamicOutputs: { from: 'branches', key: 'key' } }),
  'flow.delay': node('flow.delay', 'action', { title: 'Wait', icon: 'clock' }),
  'ai.decide': node('ai.decide', 'action', { title: 'AI decision', category: 'AI', icon: 'sparkles', outputs: ['yes', 'no', 'error'] }),
  'whatsapp.send_template': node('whatsapp.send_template', 'action', {
    title: 'Send WhatsApp template',
    description: 'Sends an approved template message',
    category: 'WhatsApp',
    icon: 'message-square',
    configSchema: { type: 'object', properties: { connectionId: { type: 'string' }, template: { type: 'string' }, to: { type: 'string' } } },
  }),
};

export const fixtureDescribe: Describe = (type) => fixtureCatalog[type];
