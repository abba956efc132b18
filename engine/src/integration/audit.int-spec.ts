import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspacesService } from '../modules/workspaces/workspaces.service';
import { callCompletedEvent, delayedConfirmation } from '../testing/fixtures';
import { catalogWithFixtures } from '../testing/flaky-node';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const SECRET = 'audit-secret-smtp-password-4711';
const NEW_SECRET = 'audit-secret-rotated-0815';

describe('the audit log', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let keyId: string;

  beforeAll(async () => {
    engine = await TestEngine.start({ catalog: catalogWithFixtures });
    // A key of its own, so the actor's name is one this test chose.
    const workspaces = engine.engine.app.get(WorkspacesService);
    const workspaceId = (await workspaces.firstWorkspaceId())!;
    const key = await workspaces.createApiKey(workspaceId, 'Deploy bot');
    api = engine.api.withKey(key);
    keyId = (await workspaces.identify(key))!.keyId;
  });
  afterAll(() => engine?.stop());

  const entries = async (query: `?${string}` | '' = '') => {
    const answer = await api.get(`/api/audit${query}`);
    expect(answer.status).toBe(200);
    return answer.body.entries;
  };

  it('records who published, unpublished, imported and deleted a flow, with the version number', async () => {
    const sandbox = await api.sandbox('Audit sandbox');
    const created = await api.post('/api/flows', { name: 'Audited', graph: delayedConfirmation(sandbox, 60) });
    expect(created.status).toBe(201);
    const flowId = created.body.id as string;
    expect((await api.post(`/api/flows/${flowId}/publish`)).status).toBe(200);
    expect((await api.post(`/api/flows/${flowId}/unpublish`)).status).toBe(200);
    const exported = await api.get(`/api/flows/${flowId}/export`);
    const imported = await api.post('/api/flows/import', { ...exported.body, name: 'Audited copy' });
    expect(imported.status).toBe(201);
    expect((await api.request('DELETE', `/api/flows/${imported.body.id}`)).status).toBe(204);

    const flowEntries = await entries('?action=flow.');
    const actor = { kind: 'api_key', id: keyId, name: 'Deploy bot' };
    expect(flowEntries.map((entry) => entry.action)).toEqual(['flow.delete', 'flow.import', 'flow.unpublish', 'flow.publish', 'flow.create']);
    expect(flowEntries).toEqual([
      expect.objectContaining({ actor, target: { kind: 'flow', id: imported.body.id, name: 'Audited copy' } }),
      expect.objectContaining({ actor, target: { kind: 'flow', id: imported.body.id, name: 'Audited copy' } }),
      expect.objectContaining({ actor, target: { kind: 'flow', id: flowId, name: 'Audited' }, summary: 'Unpublished version 1' }),
      expect.objectContaining({ actor, target: { kind: 'flow', id: flowId, name: 'Audited' }, summary: 'Published version 1' }),
      expect.objectContaining({ actor, target: { kind: 'flow', id: flowId, name: 'Audited' } }),
    ]);
    // Newest first.
    const times = flowEntries.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // A publish the graph refuses records nothing.
    const broken = await api.post('/api/flows', { name: 'Broken', graph: { nodes: [], edges: [] } });
    expect((await api.post(`/api/flows/${broken.body.id}/publish`)).status).toBe(422);
    expect((await entries('?action=flow.publish')).map((entry) => entry.target.id)).toEqual([flowId]);
  });

  it('records connection changes by field name, never a value or a secret', async () => {
    const created = await api.post('/api/connections', { name: 'Mail', provider: 'smtp', config: { host: '127.0.0.1', port: 2525, user: 'u', password: SECRET, from: 'a@example.com' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const renamed = await api.request('PATCH', `/api/connections/${id}`, { name: 'Mail (new)', config: { from: 'b@example.com' } });
    expect(renamed.status).toBe(200);
    const rotated = await api.request('PATCH', `/api/connections/${id}`, { config: { password: NEW_SECRET } });
    expect(rotated.status).toBe(200);
    expect((await api.request('DELETE', `/api/connections/${id}`)).status).toBe(204);

    const connectionEntries = (await entries('?action=connection.')).filter((entry) => entry.target.id === id);
    expect(connectionEntries.map((entry) => [entry.action, entry.summary])).toEqual([
      ['connection.delete', 'Deleted a smtp connection'],
      ['connection.update', 'Changed secret password'],
      ['connection.update', 'Changed name, config.from'],
      ['connection.create', 'Created a smtp connection'],
    ]);
    for (const entry of connectionEntries) expect(entry.actor).toEqual({ kind: 'api_key', id: keyId, name: 'Deploy bot' });

    // Nowhere in the stored rows: not the secrets, not the config values.
    const rows: Array<{ row: string }> = await engine.engine.app.get(DataSource).query(`SELECT audit_log::text AS row FROM audit_log`);
    const stored = rows.map((row) => row.row).join('\n');
    expect(stored).toContain('Changed secret password');
    for (const value of [SECRET, NEW_SECRET, 'b@example.com', 'a@example.com', '2525']) expect(stored).not.toContain(value);
  });

  it('records a run retried and a run cancelled', async () => {
    const flaky = await api.publish('Flaky', {
      nodes: [
        { id: 'start', type: 'call.completed', config: {} },
        { id: 'act', type: 'test.flaky', config: { code: 'TIMEOUT', succeedOnAttempt: 9, retry: { attempts: 1, backoffMs: 50 } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'act' }],
    });
    const failed = await api.waitForRun((await api.post('/api/events', callCompletedEvent({ id: 'audit-fails' }))).body.runs[0].runId);
    expect(failed.status).toBe('failed');
    expect((await api.post(`/api/runs/${failed.id}/retry`)).status).toBe(200);
    await api.waitForRun(failed.id);
    await api.post(`/api/flows/${flaky}/unpublish`);

    const sandbox = await api.sandbox('Run sandbox');
    const delayed = await api.publish('Delayed', delayedConfirmation(sandbox, 60));
    const runId = (await api.post('/api/events', callCompletedEvent({ id: 'audit-cancels' }))).body.runs[0].runId as string;
    await api.waitForRun(runId, (run) => run.status === 'waiting');
    expect((await api.post(`/api/runs/${runId}/cancel`)).status).toBe(200);
    await api.post(`/api/flows/${delayed}/unpublish`);

    const runEntries = await entries('?action=run.');
    expect(runEntries).toEqual([
      expect.objectContaining({ action: 'run.cancel', target: { kind: 'run', id: runId }, summary: 'Cancelled a run of Delayed', actor: { kind: 'api_key', id: keyId, name: 'Deploy bot' } }),
      expect.objectContaining({ action: 'run.retry', target: { kind: 'run', id: failed.id }, summary: 'Retried a failed run of Flaky', actor: { kind: 'api_key', id: keyId, name: 'Deploy bot' } }),
    ]);
  });

  it('filters by actor, action and time, pages with a cursor, and shows a workspace only its own entries', async () => {
    // The bootstrap key ("bootstrap") acts too.
    await engine.api.post('/api/flows', { name: 'By the default key', graph: { nodes: [], edges: [] } });
    const all = await entries();
    expect(new Set(all.map((entry) => (entry.actor.kind === 'api_key' ? entry.actor.name : entry.actor.email)))).toEqual(new Set(['Deploy bot', 'bootstrap']));
    expect((await entries('?actor=bootstrap')).map((entry) => entry.target.name)).toEqual(['By the default key']);
    expect((await entries(`?actor=${keyId}`)).length).toBe(all.length - 1);
    expect((await entries('?action=run.retry')).map((entry) => entry.action)).toEqual(['run.retry']);

    const middle = all[Math.floor(all.length / 2)]!;
    const from = await entries(`?from=${encodeURIComponent(middle.at)}`);
    expect(from.length).toBeGreaterThan(0);
    for (const entry of from) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(Date.parse(middle.at));
    const to = await entries(`?to=${encodeURIComponent(middle.at)}`);
    for (const entry of to) expect(Date.parse(entry.at)).toBeLessThan(Date.parse(middle.at));
    expect(from.length + to.length).toBe(all.length);

    const first = await api.get('/api/audit?limit=3');
    expect(first.body.entries).toHaveLength(3);
    const second = await api.get(`/api/audit?limit=3&cursor=${first.body.nextCursor}`);
    expect([...first.body.entries, ...second.body.entries].map((entry: { id: string }) => entry.id)).toEqual(all.slice(0, 6).map((entry) => entry.id));
    expect((await api.get('/api/audit?from=yesterday')).status).toBe(400);

    const other = await engine.otherWorkspace();
    expect((await other.get('/api/audit')).body.entries).toEqual([]);
    await other.post('/api/flows', { name: 'Elsewhere', graph: { nodes: [], edges: [] } });
    expect((await other.get('/api/audit')).body.entries.map((entry) => entry.target.name)).toEqual(['Elsewhere']);
    expect((await entries()).map((entry) => entry.target.name)).not.toContain('Elsewhere');
  });
});
