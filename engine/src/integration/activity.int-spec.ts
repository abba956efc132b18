import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentConfirmation, callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/** A call event of a given customer and call id (the fixture's call id is always `c1`). */
function call(options: { id: string; phone: string; callId: string; durationSeconds?: number; booked?: boolean }) {
  const event = callCompletedEvent({ id: options.id, phone: options.phone, durationSeconds: options.durationSeconds, variables: { appointment_booked: options.booked ?? true } });
  event.data.call.id = options.callId;
  return event;
}

describe('GET /api/activity', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let confirmation: string;
  let draft: string;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    // Published: connected calls with a booked appointment. A draft of the same trigger, never published.
    confirmation = await api.publish('Appointment confirmation', appointmentConfirmation(await api.sandbox()));
    draft = (await api.post('/api/flows', { name: 'Missed call follow-up', graph: { nodes: [{ id: 'call', type: 'call.completed', config: { callType: 'not_connected' }, position: { x: 0, y: 0 } }], edges: [] } })).body.id;
  });
  afterAll(() => engine?.stop());

  const activity = async (query: `?${string}` | '') => {
    const answer = await api.get(`/api/activity${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('finds a not-connected call by the customer\'s phone, with "call type did not match (connected only)" and the unpublished draft', async () => {
    await api.post('/api/events', call({ id: 'evt-missed', phone: '+4915112345678', callId: 'call-missed', durationSeconds: 0 }));
    // As typed in a query string: `+` unencoded arrives as a space; `%2B` and a national spelling with spaces work too.
    for (const phone of ['%2B4915112345678', '+4915112345678', '%2B49%20151%2012345678']) {
      const { entries } = await activity(`?phone=${phone}`);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toEqual({
        event: {
          id: 'evt-missed',
          type: 'call.completed',
          source: 'api',
          receivedAt: expect.any(String),
          summary: 'Call to Alex (+4915112345678), not connected',
          phone: '+4915112345678',
          callId: 'call-missed',
        },
        flows: [
          {
            flowId: confirmation,
            name: 'Appointment confirmation',
            versionId: expect.any(String),
            version: 1,
            started: false,
            reason: { code: 'CALL_TYPE_MISMATCH', message: 'call type did not match (connected only)', details: { callType: 'connected', connected: false } },
          },
          { flowId: draft, name: 'Missed call follow-up', started: false, reason: { code: 'FLOW_UNPUBLISHED', message: expect.stringContaining('not published') } },
        ],
      });
    }
  });

  it('shows a false condition with the values it compared', async () => {
    await api.post('/api/events', call({ id: 'evt-unbooked', phone: '+14155550111', callId: 'call-unbooked', booked: false }));
    const [entry] = (await activity('?eventId=evt-unbooked')).entries;
    expect(entry!.event.summary).toBe('Call to Alex (+14155550111), connected, 2:05');
    expect(entry!.flows.find((flow) => flow.flowId === confirmation)).toMatchObject({
      started: false,
      reason: {
        code: 'CONDITION_FALSE',
        message: 'condition was false: trigger.variables.appointment_booked equals true (was false)',
        details: { comparisons: [{ variable: 'trigger.variables.appointment_booked', operator: 'equals', expected: true, actual: false, holds: false }] },
      },
    });
  });

  it('shows a started run with its id and current status', async () => {
    const posted = await api.post('/api/events', call({ id: 'evt-booked', phone: '+14155550122', callId: 'call-booked' }));
    const runId = posted.body.runs[0]!.runId;
    await api.waitForRun(runId);
    const [entry] = (await activity('?eventId=evt-booked')).entries;
    expect(entry!.flows).toEqual([
      { flowId: confirmation, name: 'Appointment confirmation', versionId: expect.any(String), version: 1, started: true, runId, runStatus: 'succeeded' },
      expect.objectContaining({ flowId: draft, reason: expect.objectContaining({ code: 'FLOW_UNPUBLISHED' }) }),
    ]);
  });

  it('counts a duplicate delivery on the first event: DUPLICATE_EVENT, nothing new started', async () => {
    const first = await api.post('/api/events', call({ id: 'evt-again', phone: '+14155550133', callId: 'call-again' }));
    await api.post('/api/events', call({ id: 'evt-again', phone: '+14155550133', callId: 'call-again' }));
    await api.post('/api/events', call({ id: 'evt-again', phone: '+14155550133', callId: 'call-again' }));
    const { entries } = await activity('?eventId=evt-again');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.event.duplicate).toEqual({
      code: 'DUPLICATE_EVENT',
      message: 'delivered again 2 times; nothing new started',
      details: { count: 2, lastAt: expect.any(String) },
    });
    expect(entries[0]!.flows.filter((flow) => flow.started).map((flow) => flow.runId)).toEqual([first.body.runs[0]!.runId]);
    // The redeliveries started nothing: the flow says so with the CONTRACT's reason, pointing at the first delivery's run.
    expect(entries[0]!.flows.filter((flow) => !flow.started && flow.reason?.code === 'DUPLICATE_EVENT').map((flow) => flow.runId)).toEqual([first.body.runs[0]!.runId]);
  });

  it('filters by call id, flow, status and time, newest first', async () => {
    expect((await activity('?callId=call-unbooked')).entries.map((entry) => entry.event.id)).toEqual(['evt-unbooked']);
    expect((await activity('?callId=nope')).entries).toEqual([]);

    const ofFlow = (await activity(`?flowId=${confirmation}`)).entries.map((entry) => entry.event.id);
    expect(ofFlow).toEqual(['evt-again', 'evt-booked', 'evt-unbooked', 'evt-missed']);
    expect((await activity(`?flowId=${draft}`)).entries).toEqual([]);

    expect((await activity('?status=started')).entries.map((entry) => entry.event.id)).toEqual(['evt-again', 'evt-booked']);
    expect((await activity('?status=not_started')).entries.map((entry) => entry.event.id)).toEqual(['evt-unbooked', 'evt-missed']);
    await api.waitForRun((await activity('?eventId=evt-again')).entries[0]!.flows[0]!.runId!);
    expect((await activity(`?status=succeeded&flowId=${confirmation}`)).entries.map((entry) => entry.event.id)).toEqual(['evt-again', 'evt-booked']);
    expect((await activity('?status=failed')).entries).toEqual([]);

    const booked = (await activity('?eventId=evt-booked')).entries[0]!.event.receivedAt;
    const after = new Date(Date.parse(booked) + 1).toISOString();
    expect((await activity(`?to=${after}&from=${booked}`)).entries.map((entry) => entry.event.id)).toEqual(['evt-booked']);
    expect((await activity(`?to=${booked}`)).entries.map((entry) => entry.event.id)).toEqual(['evt-unbooked', 'evt-missed']);
  });

  it('pages with an opaque cursor, each event once', async () => {
    const all = (await activity('')).entries.map((entry) => entry.event.id);
    expect(all).toHaveLength(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof activity>> = await activity(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.entries.map((entry) => entry.event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses bad input naming the field', async () => {
    for (const [query, field] of [
      ['?limit=500', 'limit'],
      ['?status=lost', 'status'],
      ['?from=yesterday', 'from'],
      ['?flowId=abc', 'flowId'],
      ['?phone=hello', 'phone'],
      ['?cursor=nonsense', 'cursor'],
      ['?colour=red', ''],
    ] as const) {
      const answer = await api.request('GET', `/api/activity${query}`);
      expect(answer.status, query).toBe(400);
      if (field) expect(answer.body.error.details.map((detail: { field: string }) => detail.field), query).toContain(field);
    }
  });

  it("never shows another workspace's events", async () => {
    const other = await engine.otherWorkspace();
    await other.post('/api/events', call({ id: 'evt-elsewhere', phone: '+4915112345678', callId: 'call-elsewhere' }));
    expect((await other.get('/api/activity')).body.entries.map((entry) => entry.event.id)).toEqual(['evt-elsewhere']);
    expect((await activity('?eventId=evt-elsewhere')).entries).toEqual([]);
    expect((await activity('?phone=%2B4915112345678')).entries.map((entry) => entry.event.id)).toEqual(['evt-missed']);
    expect((await other.get(`/api/activity?flowId=${confirmation}`)).body.entries).toEqual([]);
  });

  it("shows the AI condition's question, its no and the model's reason", async () => {
    await api.unpublishAll();
    const graph = { nodes: [{ id: 'call', type: 'call.completed', config: { aiCondition: 'Did the customer ask for a callback?' }, position: { x: 0, y: 0 } }], edges: [] };
    const judged = await api.publish('Callback requests', graph);
    await api.post('/api/events', call({ id: 'evt-no-callback', phone: '+14155550144', callId: 'call-no-callback' }));
    const [entry] = (await activity('?eventId=evt-no-callback')).entries;
    const flow = entry!.flows.find((candidate) => candidate.flowId === judged);
    expect(flow).toMatchObject({ started: false, reason: { code: 'AI_CONDITION_FALSE', details: { question: 'Did the customer ask for a callback?', answer: 'no', reason: expect.any(String) } } });
    expect(flow!.reason!.message).toMatch(/^the AI answered no to "Did the customer ask for a callback\?": .+/);
    // The confirmation flow is a draft now: listed as unpublished, not as a candidate.
    expect(entry!.flows.find((candidate) => candidate.flowId === confirmation)?.reason?.code).toBe('FLOW_UNPUBLISHED');
  });

  it('counts deliveries that arrive at once as duplicates too', async () => {
    await Promise.all(Array.from({ length: 5 }, () => api.post('/api/events', call({ id: 'evt-burst', phone: '+14155550155', callId: 'call-burst' }))));
    const [entry] = (await activity('?eventId=evt-burst')).entries;
    expect(entry!.event.duplicate?.details).toMatchObject({ count: 4 });
  });

  it("forgets the compared values with the customer's data", async () => {
    expect((await api.request('DELETE', '/api/contacts/%2B14155550111')).status).toBe(200);
    const [entry] = (await activity('?eventId=evt-unbooked')).entries;
    expect(entry!.flows.find((flow) => flow.flowId === confirmation)?.reason).toEqual({ code: 'CONDITION_FALSE', message: "Erased with the customer's data" });
    expect(JSON.stringify(entry)).not.toContain('14155550111');
  });
});
