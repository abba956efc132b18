import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointmentConfirmation, callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

describe('authentication and workspaces', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let flowId: string;
  let runId: string;

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    flowId = await api.publish('Appointment confirmation', appointmentConfirmation(await api.sandbox()));
    runId = (await api.post('/api/events', callCompletedEvent({ id: 'auth-1' }))).body.runs[0].runId;
  });
  afterAll(() => engine?.stop());

  it.each([
    ['without a key', null],
    ['with a wrong key', 'sb_not_a_real_key'],
  ])('answers 401 %s, on every API route', async (_label, key) => {
    const client = api.withKey(key);
    for (const [method, path] of [
      ['GET', '/api/flows'],
      ['GET', `/api/flows/${flowId}`],
      ['POST', '/api/events'],
      ['GET', `/api/runs/${runId}`],
      ['GET', '/api/nodes'],
      ['GET', '/api/connections'],
      ['GET', '/api/messages'],
    ] as const) {
      const answer = await client.request(method, path, method === 'POST' ? callCompletedEvent() : undefined);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.any(String) });
    }
  });

  it("answers 404 for another workspace's flow, run and connection", async () => {
    const other = await engine.otherWorkspace();
    expect((await other.get(`/api/flows/${flowId}`)).status).toBe(404);
    expect((await other.put(`/api/flows/${flowId}`, { name: 'mine now' })).status).toBe(404);
    expect((await other.post(`/api/flows/${flowId}/publish`)).status).toBe(404);
    expect((await other.get(`/api/runs/${runId}`)).status).toBe(404);
    expect((await other.get('/api/flows')).body.flows).toEqual([]);
    const connections = (await api.get('/api/connections')).body.connections;
    expect((await other.get(`/api/connections/${connections[0].id}`)).status).toBe(404);
    // And its events start only its own flows.
    expect((await other.post('/api/events', callCompletedEvent({ id: 'auth-1' }))).body).toEqual({ eventId: 'auth-1', runs: [] });
  });

  it('keeps health public', async () => {
    const answer = await api.withKey(null).get('/health');
    expect(answer).toEqual({ status: 200, body: { status: 'ok', role: 'all', dependencies: { postgres: 'up', redis: 'up' } } });
  });
});
