import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentConfirmation, callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

describe('POST /api/events', () => {
  let engine: TestEngine;
  let api: ApiClient;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    await api.publish('Appointment confirmation', appointmentConfirmation(await api.sandbox()));
  });
  afterAll(() => engine?.stop());

  it('starts one run for an event id posted twice; the second answer says duplicate', async () => {
    const first = await api.post('/api/events', callCompletedEvent({ id: 'evt-twice' }));
    expect(first.status).toBe(202);
    expect(first.body.runs).toHaveLength(1);

    const second = await api.post('/api/events', callCompletedEvent({ id: 'evt-twice' }));
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ eventId: 'evt-twice', duplicate: true, runs: first.body.runs });

    await api.waitForRun(first.body.runs[0].runId);
    const runs = await engine.environment.sql(`SELECT r.id FROM runs r JOIN events e ON e.id = r.event_id WHERE e.external_id = 'evt-twice'`);
    expect(runs).toHaveLength(1);
    const messages = await api.get(`/api/messages?runId=${first.body.runs[0].runId}`);
    expect(messages.body.messages).toHaveLength(1);
  });

  it('starts one run when the same event arrives many times at once', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.post('/api/events', callCompletedEvent({ id: 'evt-burst' }))));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200 && 'duplicate' in answer.body && answer.body.duplicate)).toHaveLength(7);
    const runIds = new Set(answers.flatMap((answer) => answer.body.runs.map((run: any) => run.runId)));
    expect(runIds.size).toBe(1);
  });

  it('rejects a malformed event naming each bad field, and stores nothing', async () => {
    const answer = await api.request('POST', '/api/events', { type: 'call.finished', id: '', occurredAt: 'yesterday', data: [] });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('INVALID_INPUT');
    expect(answer.body.error?.details.map((detail: any) => detail.field).sort()).toEqual(['data', 'id', 'occurredAt', 'type']);
    const events = await engine.environment.sql(`SELECT count(*)::int AS n FROM events WHERE external_id = ''`);
    expect(events[0]!.n).toBe(0);
  });

  it('answers bodies that are not JSON, or too large, with the error shape and its status', async () => {
    const send = (body: string, contentType: string) =>
      fetch(`${api.baseUrl}/api/events`, { method: 'POST', headers: { authorization: `Bearer ${api.apiKey}`, 'content-type': contentType }, body }).then(
        async (response) => ({ status: response.status, body: (await response.json()) as any }),
      );
    expect(await send('{"type": "call.completed",', 'application/json')).toEqual({
      status: 400,
      body: { error: { code: 'INVALID_INPUT', message: expect.stringContaining('not valid JSON') } },
    });
    expect(await send('type=call.completed', 'application/x-www-form-urlencoded')).toEqual({
      status: 415,
      body: { error: { code: 'INVALID_INPUT', message: expect.stringContaining('application/json') } },
    });
    const large = JSON.stringify({ type: 'manual', data: { blob: 'x'.repeat(1_100_000) } });
    expect(await send(large, 'application/json')).toEqual({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } } });
    expect(await api.post('/api/events')).toMatchObject({ status: 400, body: { error: { details: [{ field: 'type', message: 'type is required' }, { field: 'data' }] } } });
  });

  it('stores data Postgres cannot hold as it can (a NUL character, replaced by U+FFFD) instead of failing the event', async () => {
    const event = callCompletedEvent({ id: 'evt-nul' });
    (event.data as any).summary = 'before\u0000after';
    const answer = await api.post('/api/events', event);
    expect(answer.status).toBe(202);
    const run = await api.waitForRun(answer.body.runs[0].runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps[0]!.output).toMatchObject({ summary: 'before\uFFFDafter' });
  });

  it("stores the event's data once: the trigger step keeps no copy, and the run shows the data as the trigger sees it", async () => {
    const event = callCompletedEvent({ id: 'evt-once' });
    const answer = await api.post('/api/events', event);
    const run = await api.waitForRun(answer.body.runs[0].runId);
    const [trigger] = await engine.environment.sql<{ output: unknown; status: string }>(`SELECT output, status FROM steps WHERE run_id = $1 AND node_id = 'call'`, [run.id]);
    expect(trigger).toEqual({ output: null, status: 'succeeded' });
    // The call.completed trigger adds `connected` to the event's data; the transcript is there in full.
    expect(run.steps[0]).toMatchObject({ nodeId: 'call', status: 'succeeded', output: { ...event.data, connected: true } });
    // And the step after it read the trigger's data from the event.
    expect(run.steps[1]!.input).toMatchObject({ to: (event.data as { customer: { phone: string } }).customer.phone });
  });

  it('accepts an event without an id and generates one', async () => {
    const { id: _id, ...event } = callCompletedEvent();
    const answer = await api.post('/api/events', event);
    expect(answer.status).toBe(202);
    expect(answer.body.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
