import { describe, expect, it } from 'vitest';
import type { ConnectionView, FlowTemplateView, NodeDescription } from '../../api/types';
import { galleryGroups, stepTitle, templateSetup, triggerTitle } from './template-gallery';

const connectionField = (provider: string) => ({ type: 'string', minLength: 1, 'x-widget': 'connection', 'x-provider': provider });
const catalog: Record<string, Partial<NodeDescription>> = {
  'webhook.received': { kind: 'trigger', configSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
  'whatsapp.send_template': { configSchema: { type: 'object', properties: { connectionId: connectionField('whatsapp'), to: { type: 'string' } }, required: ['connectionId', 'to'] } },
  'flow.wait_for_reply': { configSchema: { type: 'object', properties: { connectionId: connectionField('whatsapp'), from: { type: 'string' } }, required: ['connectionId', 'from'] } },
  // Optional: without one the engine-wide default answers, so it is nothing to set up.
  'ai.extract': { configSchema: { type: 'object', properties: { connectionId: { type: 'string', 'x-widget': 'connection', 'x-provider': 'ai' } } } },
  'http.request': { configSchema: { type: 'object', properties: { url: { type: 'string' }, body: {} }, required: ['url'] } },
};
const describeNode = (type: string) => catalog[type] as NodeDescription | undefined;

function template(id: string, category: string, graph: FlowTemplateView['graph'] = { nodes: [], edges: [] }): FlowTemplateView {
  return { id, name: id, description: '', category, source: '', triggerType: null, steps: [], graph };
}

const lead = template('lead_qualification', 'Lead qualification', {
  nodes: [
    { id: 'form', type: 'webhook.received', config: { path: 'lead-form' } },
    { id: 'send', type: 'whatsapp.send_template', config: { connectionId: '', to: '{{trigger.body.phone}}' } },
    { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId: '', from: '{{trigger.body.phone}}' } },
    { id: 'qualify', type: 'ai.extract', config: {} },
    { id: 'crm', type: 'http.request', config: { url: 'https://crm.example.com/api/leads', body: '{"a":"b"}' } },
    { id: 'mark', type: 'http.request', config: { url: 'https://crm.example.com/api/leads?x=1' } },
    { id: 'real', type: 'http.request', config: { url: 'https://api.mycompany.io/hook' } },
  ],
  edges: [],
});

const connection = (id: string, provider: string): ConnectionView => ({ id, name: `${provider} ${id}`, provider, config: {}, secrets: [], webhookUrl: null, limits: null, createdAt: '', updatedAt: '' });

describe('galleryGroups', () => {
  it('groups templates by category in the order the API lists them', () => {
    const groups = galleryGroups([
      template('a', 'Post-call WhatsApp'),
      template('b', 'Lead qualification'),
      template('c', 'Post-call WhatsApp'),
      template('d', 'Reminders'),
      template('e', ' '),
    ]);
    expect(groups.map((group) => [group.category, group.templates.map((entry) => entry.id)])).toEqual([
      ['Post-call WhatsApp', ['a', 'c']],
      ['Lead qualification', ['b']],
      ['Reminders', ['d']],
      ['Other', ['e']],
    ]);
  });
});

describe('templateSetup', () => {
  it('names the sender the required connection fields will get, once per kind, with the steps that use it', () => {
    const setup = templateSetup(lead, describeNode, [connection('ai1', 'ai.openai_compatible'), connection('s1', 'whatsapp.sandbox'), connection('m1', 'whatsapp.meta')]);
    expect(setup[0]).toMatchObject({ kind: 'connection', provider: 'whatsapp', nodeIds: ['send', 'wait'], chosen: { id: 's1' } });
    expect(setup.filter((need) => need.kind === 'connection')).toHaveLength(1);
  });

  it('says when the workspace has no connection of the kind, and when it is not known yet', () => {
    expect(templateSetup(lead, describeNode, [])[0]).toMatchObject({ kind: 'connection', chosen: null });
    expect(templateSetup(lead, describeNode, undefined)[0]).toMatchObject({ kind: 'connection', chosen: undefined });
  });

  it('lists the example addresses to replace, once each', () => {
    expect(templateSetup(lead, describeNode, [])[1]).toEqual({ kind: 'placeholder', hosts: ['crm.example.com'], nodeIds: ['crm', 'mark'] });
  });

  it('needs nothing for a template whose fields are all set', () => {
    const ready = template('ready', 'x', { nodes: [{ id: 'send', type: 'whatsapp.send_template', config: { connectionId: 'c1', to: '+1' } }], edges: [] });
    expect(templateSetup(ready, describeNode, [])).toEqual([]);
  });
});

describe('labels', () => {
  it("names the trigger by its title and steps by the template's names", () => {
    const view = { ...lead, triggerType: 'webhook.received', steps: [{ id: 'form', type: 'webhook.received', title: 'Webhook received' }] };
    expect(triggerTitle(view)).toBe('Webhook received');
    expect(triggerTitle({ ...view, triggerType: null })).toBeNull();
    const named = { graph: { nodes: [{ id: 'wait', type: 'flow.delay', name: 'Wait 5 minutes', config: {} }, { id: 'send', type: 'x', name: '  ', config: {} }], edges: [] } };
    expect(stepTitle(named, { id: 'wait', title: 'Wait' })).toBe('Wait 5 minutes');
    expect(stepTitle(named, { id: 'send', title: 'Send WhatsApp template' })).toBe('Send WhatsApp template');
  });
});
