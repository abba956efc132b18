import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentConfirmation, callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

// Seed 000: post-call WhatsApp, the appointment confirmation and "multiple messages".
describe('post-call WhatsApp (seed 000)', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let connectionId: string;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    connectionId = await api.sandbox();
  });
  afterAll(() => engine?.stop());

  it('confirms a booked appointment of a connected call with the three template parameters', async () => {
    const flowId = await api.publish('Appointment confirmation', appointmentConfirmation(connectionId));
    const posted = await api.post('/api/events', callCompletedEvent({ id: 'call-booked' }));
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({ eventId: 'call-booked', runs: [{ runId: expect.any(String), flowId }] });

    const run = await api.waitForRun(posted.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    const confirm = run.steps.find((step: any) => step.nodeId === 'confirm');
    expect(confirm).toMatchObject({ status: 'succeeded', attempts: 1, output: { to: '+14155551234' }, input: { parameters: ['Alex', '2026-11-25', '10:30'] } });

    const { body } = await api.get(`/api/messages?runId=${run.id}`);
    expect(body.messages).toEqual([
      expect.objectContaining({
        direction: 'outbound',
        customer: '+14155551234',
        kind: 'template',
        template: 'appointment_confirmation',
        language: 'en',
        parameters: ['Alex', '2026-11-25', '10:30'],
        status: 'delivered',
      }),
    ]);
  });

  it('sends nothing for a call that did not connect or did not book, and says no run started', async () => {
    const notConnected = await api.post('/api/events', callCompletedEvent({ id: 'call-missed', durationSeconds: 0 }));
    expect(notConnected.status).toBe(202);
    expect(notConnected.body.runs).toEqual([]);

    const notBooked = await api.post('/api/events', callCompletedEvent({ id: 'call-not-booked', variables: { appointment_booked: false } }));
    expect(notBooked.status).toBe(202);
    expect(notBooked.body.runs).toEqual([]);
  });

  it('runs several flows on the same trigger, each by its own conditions', async () => {
    const other = await engine.otherWorkspace();
    // A sandbox sender with the workspace's own templates, as a real sender would have.
    const created = await other.post('/api/connections', {
      name: 'Sandbox',
      provider: 'whatsapp.sandbox',
      config: {
        templates: [
          { name: 'booking_confirmation', body: 'Hi {{1}}, your booking is confirmed.' },
          { name: 'not_interested_follow_up', category: 'MARKETING', body: 'Hi {{1}}, no worries! Reply if you change your mind.' },
          { name: 'callback_request', body: 'Hi {{1}}, we will call you back.' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const sandbox = created.body.id;
    const onVariable = (id: string, variable: string, value: boolean, template: string) => ({
      nodes: [
        { id: 'call', type: 'call.completed', config: { callType: 'connected', conditions: { and: [{ '==': [{ var: `trigger.variables.${variable}` }, value] }] } } },
        { id, type: 'whatsapp.send_template', config: { connectionId: sandbox, template, to: '{{trigger.customer.phone}}', parameters: ['{{trigger.customer.name}}'] } },
      ],
      edges: [{ id: 'e1', source: 'call', target: id }],
    });
    const booking = await other.publish('Booking confirmation', onVariable('booking', 'appointment_booked', true, 'booking_confirmation'));
    const notInterested = await other.publish('Not interested follow-up', onVariable('follow_up', 'interested', false, 'not_interested_follow_up'));
    const callback = await other.publish('Callback request', onVariable('callback', 'callback_requested', true, 'callback_request'));

    const event = callCompletedEvent({ id: 'call-many', variables: { appointment_booked: true, interested: false, callback_requested: false } });
    const posted = await other.post('/api/events', event);
    expect(posted.status).toBe(202);
    expect(posted.body.runs.map((run: any) => run.flowId).sort()).toEqual([booking, notInterested].sort());
    expect(posted.body.runs.map((run: any) => run.flowId)).not.toContain(callback);

    for (const { runId } of posted.body.runs) {
      const run = await other.waitForRun(runId);
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    }
    const { body } = await other.get('/api/messages');
    expect(body.messages.map((message: any) => message.template).sort()).toEqual(['booking_confirmation', 'not_interested_follow_up']);
  });

  it('offers the seed examples as flow templates and creates a working flow from one', async () => {
    const gallery = (await api.get('/api/flow-templates')).body.templates;
    expect(gallery.map((template: any) => template.id).slice(0, 2)).toEqual(['appointment_confirmation', 'satisfaction_survey']);
    expect(gallery[0]).toMatchObject({ triggerType: 'call.completed', steps: [{ type: 'call.completed', title: 'Call completed' }, { type: 'whatsapp.send_template', title: 'Send WhatsApp template' }] });

    const created = await api.post('/api/flows', { name: 'My survey', fromTemplate: 'satisfaction_survey' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'My survey', valid: true, problems: [] });
    expect(created.body.graph.nodes[1].config.connectionId).toBe(connectionId);
    expect((await api.post(`/api/flows/${created.body.id}/publish`)).status).toBe(200);
    const posted = await api.post('/api/events', callCompletedEvent({ id: 'survey-1', variables: { call_completed: true } }));
    const run = await api.waitForRun(posted.body.runs.find((r: any) => r.flowId === created.body.id)!.runId);
    expect(run.status).toBe('succeeded');
    expect((await api.get(`/api/messages?runId=${run.id}`)).body.messages[0]).toMatchObject({ template: 'satisfaction_survey', parameters: ['Alex'] });

    const unknown = await api.post('/api/flows', { name: 'x', fromTemplate: 'nope' });
    expect(unknown).toMatchObject({ status: 400, body: { error: { details: [{ field: 'fromTemplate' }] } } });
  });

  it('freezes each publish as a numbered version that can be opened later', async () => {
    const first = appointmentConfirmation(connectionId);
    const flowId = await api.publish('Versioned', first);
    const second = structuredClone(first);
    second.nodes[1].config.language = 'en_US';
    expect((await api.put(`/api/flows/${flowId}`, { graph: second })).status).toBe(200);
    expect((await api.post(`/api/flows/${flowId}/publish`)).status).toBe(200);

    const versions = (await api.get(`/api/flows/${flowId}/versions`)).body.versions;
    expect(versions.map((v: any) => [v.version, v.published])).toEqual([[2, true], [1, false]]);
    const old = await api.get(`/api/flows/${flowId}/versions/1`);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ version: 1, published: false, graph: { nodes: [{}, { config: { language: first.nodes[1].config.language } }] } });
    expect((await api.get(`/api/flows/${flowId}/versions/2`)).body.graph.nodes[1].config.language).toBe('en_US');
    expect((await api.get(`/api/flows/${flowId}/versions/3`)).status).toBe(404);
    expect((await api.get(`/api/flows/${flowId}/versions/abc`)).status).toBe(404);
  });
});
