import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentConfirmation, callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/** CONTRACT "Event data", verbatim ("…" included): whatever else changes, this is accepted. */
const contractCall = {
  call: { id: 'c1', direction: 'outbound', status: 'completed', durationSeconds: 125, from: '+14155550100', to: '+14155551234', startedAt: '…', endedAt: '…' },
  agent: { id: 'a1', name: 'Riya' },
  customer: { phone: '+14155551234', name: 'Alex', email: 'alex@example.com' },
  metadata: { lead_source: 'website' },
  variables: { appointment_booked: true, appointment_date: '2026-11-25' },
  transcript: [
    { role: 'agent', text: '…' },
    { role: 'customer', text: '…' },
  ],
  summary: '…',
};

/** An in-call function whose `code` argument has a pattern V8's backtracking engine takes for ever on. */
const catastrophic = {
  nodes: [
    {
      id: 'called',
      type: 'call.function',
      config: { name: 'check_code', description: 'Check the code the customer reads out', parameters: { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } } },
    },
    { id: 'answer', type: 'flow.respond', config: { status: 200, body: '{"ok": true}' } },
  ],
  edges: [{ id: 'e1', source: 'called', target: 'answer' }],
};

describe('hostile event data and patterns get a 4xx', () => {
  let engine: TestEngine;
  let api: ApiClient;
  const stored = async (externalId: string) => (await engine.environment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE external_id = $1`, [externalId]))[0]!.n;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    await api.publish('Appointment confirmation', appointmentConfirmation(await api.sandbox()));
  });
  afterAll(() => engine?.stop());

  it("refuses call.completed data that does not fit the trigger's event shape, naming each field, and stores nothing", async () => {
    const answer = await api.post('/api/events', {
      type: 'call.completed',
      id: 'bad-data',
      data: { call: { durationSeconds: 'two minutes' }, customer: { phone: 14155551234 }, variables: ['booked'], transcript: [{ role: 'agent', text: 5 }] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('INVALID_INPUT');
    expect(answer.body.error?.details.map((detail: { field: string }) => detail.field).sort()).toEqual(
      ['data.call.durationSeconds', 'data.customer.phone', 'data.transcript[0].text', 'data.variables'].sort(),
    );
    expect(answer.body.error?.message).toContain('data.call.durationSeconds');

    const noCall = await api.post('/api/events', { type: 'call.completed', id: 'no-call', data: { customer: { phone: '+14155551234' } } });
    expect(noCall).toMatchObject({ status: 400, body: { error: { details: [{ field: 'data.call' }] } } });
    // Envelope and data problems in one answer.
    const both = await api.post('/api/events', { type: 'call.completed', id: '', occurredAt: 'yesterday', data: { call: { durationSeconds: -1 } } });
    expect(both.body.error?.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['data.call.durationSeconds', 'id', 'occurredAt']);

    expect(await stored('bad-data')).toBe(0);
    expect(await stored('no-call')).toBe(0);
  });

  it('accepts the CONTRACT example, unknown keys and what platforms vary in, and data of any shape for triggers that document none', async () => {
    const contract = await api.post('/api/events', { type: 'call.completed', id: 'contract-1', occurredAt: '2026-11-21T10:15:00Z', data: contractCall });
    expect(contract.status).toBe(202);
    expect(contract.body.runs).toHaveLength(1);
    const varied = callCompletedEvent({ id: 'varied-1' });
    Object.assign(varied.data, { recordingUrl: 'https://example.com/r.mp3', transcript: 'agent: hi\nuser: hello' });
    Object.assign(varied.data.customer, { email: null, crmId: 42 });
    expect((await api.post('/api/events', varied)).status).toBe(202);

    for (const type of ['manual', 'webhook.received']) {
      expect((await api.post('/api/events', { type, id: `any-${type}`, data: { call: 'not a call', anything: [1, { deep: true }] } })).status).toBe(202);
    }
  });

  it('checks the event of a test run and of a run started by hand against the same shape', async () => {
    const created = await api.post('/api/flows', { name: 'Test with bad data', graph: appointmentConfirmation(await api.sandbox('Test sandbox')) });
    const tested = await api.post(`/api/flows/${created.body.id}/test`, { event: { call: { durationSeconds: -3 } } });
    expect(tested).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', details: [{ field: 'event.call.durationSeconds' }] } } });
    expect((await api.post(`/api/flows/${created.body.id}/test`, { event: contractCall })).status).toBe(202);
    expect((await api.post(`/api/flows/${created.body.id}/test`, {})).status).toBe(202);

    await api.post(`/api/flows/${created.body.id}/publish`);
    const run = await api.post(`/api/flows/${created.body.id}/run`, { data: { call: { to: ['+14155551234'] } } });
    expect(run).toMatchObject({ status: 400, body: { error: { details: [{ field: 'data.call.to' }] } } });
    await api.post(`/api/flows/${created.body.id}/unpublish`);
  });

  it("answers an argument against a catastrophic pattern promptly with 400 (a backtracking engine would hang here)", async () => {
    await api.publish('Check code', catastrophic);
    const invoke = (args: Record<string, unknown>) => api.post('/api/functions/check_code/invoke', { callId: `call-${Math.random()}`, arguments: args });
    const hostile = await invoke({ code: `${'a'.repeat(50_000)}!` });
    expect(hostile).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', details: [{ field: 'arguments.code', message: 'must match pattern "^(a+)+$"' }] } } });
    expect(await invoke({ code: 'aaaa' })).toMatchObject({ status: 200, body: { ok: true } });
    // The engine still serves.
    expect((await api.get('/api/flows')).status).toBe(200);
  });

  it('refuses at design time a pattern the linear-time engine cannot run, naming parameters and the pattern', async () => {
    const graph = structuredClone(catastrophic);
    (graph.nodes[0]!.config as Record<string, unknown>).parameters = { type: 'object', properties: { pair: { type: 'string', pattern: '^(\\w)\\1$' } } };
    const validated = await api.post('/api/flows/validate', { graph });
    expect(validated.body).toMatchObject({ valid: false, problems: [{ nodeId: 'called', field: 'config.parameters.properties.pair.pattern', message: expect.stringContaining('/properties/pair/pattern uses a backreference') }] });
    const created = await api.post('/api/flows', { name: 'Backreference', graph });
    expect((await api.post(`/api/flows/${created.body.id}/publish`)).status).toBe(422);
  });

  it('refuses a graph over the body limit with 413, and a step whose settings are too large with 400 naming it', async () => {
    const huge = { nodes: [{ id: 'start', type: 'manual', config: { samplePayload: { blob: 'x'.repeat(1_100_000) } } }], edges: [] };
    expect(await api.post('/api/flows', { name: 'Huge', graph: huge })).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });

    const large = {
      nodes: [
        { id: 'start', type: 'manual', config: {} },
        { id: 'note', type: 'flow.set', config: { values: { text: 'x'.repeat(200_000) } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'note' }],
    };
    const answer = await api.post('/api/flows', { name: 'Large', graph: large });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT', details: [{ field: 'graph.nodes[1].config', message: expect.stringContaining('step "note"') }] } } });
    expect((await api.post('/api/flows/validate', { graph: large })).body.problems).toEqual([{ nodeId: 'note', field: 'config', message: expect.stringMatching(/at most 100 KB/) }]);
    expect((await engine.environment.sql(`SELECT id FROM flows WHERE name = 'Large'`)).length).toBe(0);
  });
});
