import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunContext, findDynamicVariables, flowDocumentSchema, renderDeep, validateGraph, type FlowGraph, type FlowNode } from '@switchboard/shared';
import { callCompleted, catalog } from '@switchboard/nodes';
import { CHOOSE_CONNECTION, FLOW_TEMPLATES, loadFlowTemplates } from './flow-templates';

const NOTIFICATION_TEMPLATES = FLOW_TEMPLATES.filter((template) => template.category === 'Post-call notifications');

/** The starting points seed 004 lists under "Choose starting point". */
const SEED_NAMES = [
  'Callback Requested',
  'Appointment Booked',
  'Customer Complaint',
  'Unanswered Question',
  'Technical Issue',
  'Billing Inquiry',
  'Escalation Needed',
  'Order Placed',
  'Demo Request',
  'Positive Feedback',
];

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;
const PLACEHOLDER_ADDRESS = /^[a-z0-9.-]+@example\.com$/;

const triggerOf = (nodes: FlowNode[]) => nodes.filter((node) => node.type === 'call.completed');
const actionsOf = (nodes: FlowNode[]) => nodes.filter((node) => node.type !== 'call.completed');

/** The addresses of a recipient field, split like the email node does. */
const addresses = (value: unknown) => (typeof value === 'string' ? value.split(/[\s,;]+/).filter((part) => part !== '') : []);

/** The run context of a run started by the sample `call.completed` event, with a value for every `{{dyn_*}}` the graph uses. */
function sampleContext(graph: unknown) {
  const data = callCompleted.sampleEvent;
  const dynamicVariables = Object.fromEntries(
    findDynamicVariables(graph).map((name) => [name, name.endsWith('_date') ? '2026-11-25' : name.endsWith('_time') ? '10:30' : `sample ${name}`]),
  );
  return buildRunContext({
    event: { type: 'call.completed', id: 'evt_1', occurredAt: '2026-11-20T15:04:16Z', data },
    trigger: { ...data, connected: true },
    run: { id: 'run_1', startedAt: '2026-11-20T15:04:17Z' },
    flow: { id: 'flow_1', name: 'Notification' },
    steps: {},
    dynamicVariables,
    accountName: 'Bright Smile Dental',
    publicUrl: 'https://flows.example.com',
  });
}

describe('FLOW_TEMPLATES', () => {
  it('lists every file of templates/, each once, with unique ids', () => {
    const files = readdirSync(join(__dirname, 'templates')).filter((name) => name.endsWith('.json'));
    expect(FLOW_TEMPLATES.map((template) => `${template.id.replaceAll('_', '-')}.json`).sort()).toEqual(files.sort());
    const ids = FLOW_TEMPLATES.map((template) => template.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(FLOW_TEMPLATES.map((template) => [template.id, template] as const))('%s is a flow document import takes, with a graph that can be published', (_id, template) => {
    const imported = flowDocumentSchema.safeParse(template);
    expect(imported.success ? [] : imported.error.issues).toEqual([]);
    expect(imported.data).toEqual({ name: template.name, description: template.description, graph: template.graph });
    // A connection is chosen when a flow is created from the template (CHOOSE_CONNECTION); here any id stands for it.
    const chosen = structuredClone(template.graph);
    for (const node of chosen.nodes) {
      for (const [field, value] of Object.entries(node.config)) if (field.endsWith('onnectionId') && value === CHOOSE_CONNECTION) node.config[field] = 'conn_chosen';
    }
    expect(validateGraph(chosen, catalog.validation())).toEqual([]);
  });

  it('refuses a template file that is not a flow document, naming the file and the field', () => {
    const good = structuredClone(FLOW_TEMPLATES[0]);
    expect(() => loadFlowTemplates([{ file: 'broken.json', document: { ...good, graph: { nodes: 'none', edges: [] } } }])).toThrow(/broken\.json: graph\.nodes/);
    expect(() => loadFlowTemplates([{ file: 'nameless.json', document: { ...good, name: '' } }])).toThrow(/nameless\.json: name: name is required/);
    expect(() => loadFlowTemplates([{ file: 'a.json', document: good }, { file: 'b.json', document: good }])).toThrow(/b\.json: the id .* is taken/);
  });
});

describe('the notification templates', () => {
  it('has the ten starting points of seed 004, each once', () => {
    const names = NOTIFICATION_TEMPLATES.map((template) => template.name);
    expect([...names].sort()).toEqual([...SEED_NAMES].sort());
    expect(new Set(NOTIFICATION_TEMPLATES.map((template) => template.id)).size).toBe(SEED_NAMES.length);
  });

  it('are listed in the gallery after the other templates', () => {
    expect(FLOW_TEMPLATES.slice(-NOTIFICATION_TEMPLATES.length)).toEqual(NOTIFICATION_TEMPLATES);
  });

  it('shows routing by AI with a fallback in at least one template', () => {
    const routed = NOTIFICATION_TEMPLATES.flatMap((template) => template.graph.nodes).filter(
      (node) => node.type === 'email.send' && Array.isArray(node.config.routing) && node.config.routing.length > 0,
    );
    expect(routed.length).toBeGreaterThan(0);
  });

  describe.each(NOTIFICATION_TEMPLATES.map((template) => [template.id, template] as const))('%s', (_id, template) => {
    const { nodes, edges } = template.graph;

    it('describes itself and names its source', () => {
      expect(template.id).toMatch(SNAKE_CASE);
      expect(template.category).toBe('Post-call notifications');
      expect(template.source).toBe(`seed 004: Post-Call Notifications, "${template.name}" template`);
      expect(template.description.length).toBeGreaterThan(20);
    });

    it('is a valid graph', () => {
      expect(validateGraph(template.graph, catalog.validation())).toEqual([]);
    });

    it('starts on connected calls with a specific AI question', () => {
      const triggers = triggerOf(nodes);
      expect(triggers).toHaveLength(1);
      const question = triggers[0].config.aiCondition;
      expect(typeof question).toBe('string');
      expect((question as string).trim().endsWith('?')).toBe(true);
      expect((question as string).length).toBeGreaterThan(40);
      expect(triggers[0].config.callType).toBe('connected');
      expect(triggers[0].config.alwaysRun).toBeUndefined();
    });

    it('has snake_case node ids, edges e1, e2, … and a top-to-bottom layout', () => {
      for (const node of nodes) expect(node.id).toMatch(SNAKE_CASE);
      expect(edges.map((edge) => edge.id)).toEqual(edges.map((_, index) => `e${index + 1}`));
      const [trigger] = triggerOf(nodes);
      expect(trigger.position).toEqual({ x: 0, y: 0 });
      for (const action of actionsOf(nodes)) expect(action.position?.y).toBeGreaterThanOrEqual(180);
      const spots = nodes.map((node) => `${node.position?.x},${node.position?.y}`);
      expect(new Set(spots).size).toBe(nodes.length);
    });

    it("fills in every action's recipients, with placeholder addresses", () => {
      const actions = actionsOf(nodes);
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) {
        if (action.type === 'email.send') {
          const to = (action.config.to ?? []) as unknown[];
          const routing = (action.config.routing ?? []) as { when: unknown; to: unknown }[];
          expect(to.length + routing.length, `${action.id} has no recipients`).toBeGreaterThan(0);
          const fields: unknown[] = [...to];
          if (routing.length > 0) {
            fields.push(action.config.fallback);
            for (const rule of routing) {
              expect(typeof rule.when === 'string' && rule.when.length > 10).toBe(true);
              fields.push(rule.to);
            }
          }
          const all = fields.flatMap(addresses);
          expect(all.length).toBeGreaterThanOrEqual(fields.length);
          for (const address of all) expect(address).toMatch(PLACEHOLDER_ADDRESS);
          expect(action.config.html).toContain('{{conversation_url}}');
        } else if (action.type === 'alert.team') {
          const recipients = action.config.recipients;
          expect(recipients === 'all' || (Array.isArray(recipients) && recipients.length > 0)).toBe(true);
        } else {
          expect(action.type).toBe('task.create');
          expect(['high', 'urgent']).toContain(action.config.priority);
        }
      }
    });

    it('renders every string without unresolved variables, and the rendered configs parse', () => {
      const context = sampleContext(template.graph);
      for (const node of nodes) {
        const rendered = renderDeep(node.config, context);
        expect(rendered.warnings, node.id).toEqual([]);
        const definition = catalog.getVersion(node.type, node.typeVersion);
        expect(definition, node.type).toBeDefined();
        const parsed = catalog.parseConfig(definition!, rendered.value);
        expect(parsed.ok ? [] : parsed.problems, node.id).toEqual([]);
      }
    });
  });
});

describe('the voice platform templates', () => {
  const VOICE_TEMPLATES = FLOW_TEMPLATES.filter((template) => template.category === 'Voice platforms');
  const PLATFORMS = ['Vapi', 'Retell', 'ElevenLabs', 'Bland', 'Synthflow'];
  /** The graph with a connection chosen where the template leaves it to the user. */
  const chosen = (graph: FlowGraph) => {
    const copy = structuredClone(graph);
    for (const node of copy.nodes) if (node.config.connectionId === CHOOSE_CONNECTION) node.config.connectionId = 'conn_chosen';
    return copy;
  };

  it('has one per seed platform, and the missed-call follow-up on calls that did not connect', () => {
    for (const platform of PLATFORMS) expect(VOICE_TEMPLATES.filter((template) => template.name.startsWith(`${platform} call`)), platform).toHaveLength(1);
    const missed = VOICE_TEMPLATES.find((template) => template.id === 'missed_call_whatsapp');
    expect(triggerOf(missed!.graph.nodes)[0]!.config.callType).toBe('not_connected');
  });

  describe.each(VOICE_TEMPLATES.map((template) => [template.id, template] as const))('%s', (_id, template) => {
    it('starts on call.completed, is a valid graph, and says which connection and events to enable', () => {
      expect(triggerOf(template.graph.nodes)).toHaveLength(1);
      expect(validateGraph(chosen(template.graph), catalog.validation())).toEqual([]);
      const platform = PLATFORMS.find((name) => template.name.startsWith(name));
      if (platform) {
        expect(template.description).toContain(platform);
        expect(template.description).toMatch(/voice\.[a-z]+/);
        expect(template.description).toContain('webhook URL');
      }
    });

    it('renders with the sample call without problems in the rendered configs', () => {
      const context = sampleContext(template.graph);
      for (const node of actionsOf(chosen(template.graph).nodes)) {
        const definition = catalog.getVersion(node.type, node.typeVersion);
        const parsed = catalog.parseConfig(definition!, renderDeep(node.config, context).value);
        expect(parsed.ok ? [] : parsed.problems, node.id).toEqual([]);
      }
    });
  });
});
