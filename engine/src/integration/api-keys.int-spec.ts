import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineProcess, TestEngine, type ApiClient } from '../testing/test-engine';

const callEvent = (id: string) => ({ type: 'call.completed', id, data: { call: { durationSeconds: 30 }, customer: { phone: '+14155551234' } } });

describe('API keys', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let second: EngineProcess;

  beforeAll(async () => {
    engine = await TestEngine.start({ env: { RATE_LIMIT_PER_SECOND: '0' } });
    api = engine.api;
    second = await new EngineProcess(engine.environment, { ROLE: 'api', RATE_LIMIT_PER_SECOND: '0' }).start();
  }, 60_000);
  afterAll(async () => {
    await second?.kill('SIGTERM');
    await engine?.stop();
  });

  it('creates a key whose secret is in the creation answer only, lists it and revokes it', async () => {
    const created = await api.post('/api/api-keys', { name: 'Reporting', scopes: ['read'] });
    expect(created).toMatchObject({ status: 201, body: { name: 'Reporting', scopes: ['read'], lastUsedAt: null, key: expect.stringMatching(/^sb_/) } });
    expect(created.body.prefix).toBe(created.body.key.slice(0, 7));

    const listed = await api.get('/api/api-keys');
    expect(listed.status).toBe(200);
    const row = listed.body.apiKeys.find((key) => key.id === created.body.id);
    expect(row).toEqual({ id: created.body.id, name: 'Reporting', prefix: created.body.prefix, scopes: ['read'], createdAt: created.body.createdAt, lastUsedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    // The bootstrap key is there too, with the full power every key had before scopes.
    expect(listed.body.apiKeys.some((key) => key.scopes.includes('admin'))).toBe(true);

    expect((await api.withKey(created.body.key).get('/api/flows')).status).toBe(200);
    expect((await api.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await api.get('/api/api-keys')).body.apiKeys.map((key) => key.id)).not.toContain(created.body.id);
    expect((await api.withKey(created.body.key).request('GET', '/api/flows')).status).toBe(401);
    expect((await api.request('DELETE', `/api/api-keys/${created.body.id}`)).status).toBe(404);

    // Both are in the audit log, by the key that did them, and the secret is not.
    const audit = (await api.get('/api/audit?action=api_key.')).body.entries;
    expect(audit.map((entry) => [entry.action, entry.target.id])).toEqual([
      ['api_key.revoke', created.body.id],
      ['api_key.create', created.body.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.body.key);
  });

  it('refuses with 403 what a key has no scope for', async () => {
    const reader = api.withKey((await api.post('/api/api-keys', { name: 'Reader', scopes: ['read'] })).body.key);
    expect((await reader.get('/api/runs')).status).toBe(200);
    const write = await reader.request('POST', '/api/flows', { name: 'Not mine to make' });
    expect(write).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await reader.request('GET', '/api/api-keys')).status).toBe(403);
    expect((await reader.request('POST', '/api/api-keys', { name: 'Escalated', scopes: ['admin'] })).status).toBe(403);
    // The queue board can retry and remove jobs: the operator's read key does not open it, an admin key does.
    const board = (key: string) => fetch(`${api.baseUrl}/admin/queues`, { headers: { authorization: `Bearer ${key}` } }).then((response) => response.status);
    expect(await board(reader.apiKey!)).toBe(403);
    expect(await board(api.apiKey!)).toBe(200);

    const sender = api.withKey((await api.post('/api/api-keys', { name: 'Voice platform', scopes: ['events:write'] })).body.key);
    expect(await sender.request('GET', '/api/runs')).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    expect((await sender.post('/api/events', callEvent('scoped-sender'))).status).toBe(202);
    // Invoking a function is an events:write call: no such function here, but past the scope check.
    expect((await sender.request('POST', '/api/functions/nobody_here/invoke', { callId: 'c1', arguments: {} })).status).not.toBe(403);
    expect((await sender.request('POST', '/api/flows', { name: 'x' })).status).toBe(403);

    expect((await api.request('POST', '/api/api-keys', { name: 'Nothing', scopes: ['everything'] })).status).toBe(400);
    expect((await api.request('POST', '/api/api-keys', { name: 'None', scopes: [] })).status).toBe(400);
  });

  it("keeps the workspace's last admin key (409)", async () => {
    const other = await engine.otherWorkspace();
    const [only] = (await other.get('/api/api-keys')).body.apiKeys;
    expect(only?.scopes).toEqual(['admin']);
    expect(await other.request('DELETE', `/api/api-keys/${only!.id}`)).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
    // A second admin key: now the first may go, and the second is the last.
    const spare = await other.post('/api/api-keys', { name: 'Spare admin', scopes: ['admin'] });
    const spareApi = other.withKey(spare.body.key);
    expect((await spareApi.delete(`/api/api-keys/${only!.id}`)).status).toBe(204);
    expect((await spareApi.request('DELETE', `/api/api-keys/${spare.body.id}`)).status).toBe(409);
    // Another workspace's key is not found from here.
    expect((await api.request('DELETE', `/api/api-keys/${spare.body.id}`)).status).toBe(404);
  });

  it('refuses a revoked key at once on another engine process that had it cached', async () => {
    const created = await api.post('/api/api-keys', { name: 'Short-lived', scopes: ['read'] });
    const onSecond = second.api().withKey(created.body.key);
    // The second process has looked the key up (and caches it).
    expect((await onSecond.get('/api/flows')).status).toBe(200);
    expect((await onSecond.get('/api/flows')).status).toBe(200);

    expect((await api.delete(`/api/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await onSecond.request('GET', '/api/flows')).status).toBe(401);
  });
});
