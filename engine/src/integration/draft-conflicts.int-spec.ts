import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const graphWith = (message: string) => ({
  nodes: [
    { id: 'start', type: 'manual', config: {} },
    { id: 'keep', type: 'flow.set', config: { values: { message } } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'keep' }],
});
const messageOf = (flow: { graph: { nodes: Array<{ id: string; config: Record<string, unknown> }> } }) =>
  (flow.graph.nodes.find((node) => node.id === 'keep')!.config.values as Record<string, unknown>).message;

describe('no silent overwrites of a draft', () => {
  let engine: TestEngine;
  let api: ApiClient;

  const create = async (message: string) => {
    const created = await api.post('/api/flows', { name: 'Shared draft', graph: graphWith(message) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.revision).toBe(1);
    return created.body.id as string;
  };

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
  });
  afterAll(() => engine?.stop());

  it('stores the first of two saves made on one revision and refuses the second with 409, storing nothing', async () => {
    const id = await create('original');
    const first = await api.put(`/api/flows/${id}`, { graph: graphWith('from Asha'), baseRevision: 1 });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.revision).toBe(2);

    const second = await api.put(`/api/flows/${id}`, { name: 'Renamed by Ben', graph: graphWith('from Ben'), baseRevision: 1 });
    expect(second.status).toBe(409);
    expect(second.body.error!.code).toBe('CONFLICT');
    expect(second.body.error!.details).toMatchObject({ baseRevision: 1, currentRevision: 2, updatedAt: first.body.updatedAt });

    const stored = (await api.get(`/api/flows/${id}`)).body;
    expect(stored.revision).toBe(2);
    expect(stored.name).toBe('Shared draft');
    expect(messageOf(stored)).toBe('from Asha');

    // Overwriting on purpose: the same save again, on the revision the conflict named.
    const overwrite = await api.put(`/api/flows/${id}`, { name: 'Renamed by Ben', graph: graphWith('from Ben'), baseRevision: 2 });
    expect(overwrite.status).toBe(200);
    expect(overwrite.body.revision).toBe(3);
    expect(messageOf((await api.get(`/api/flows/${id}`)).body)).toBe('from Ben');
  });

  it('still saves without baseRevision, as before, and counts that save too', async () => {
    const id = await create('original');
    const saved = await api.put(`/api/flows/${id}`, { graph: graphWith('no base') });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(2);
    expect(messageOf(saved.body)).toBe('no base');
    // A save made on the revision before it is now stale.
    const stale = await api.put(`/api/flows/${id}`, { graph: graphWith('stale'), baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect(messageOf((await api.get(`/api/flows/${id}`)).body)).toBe('no base');
  });

  it('lets exactly one of two concurrent saves on one revision through', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await create('original');
      const answers = await Promise.all(['left', 'right'].map((message) => api.put(`/api/flows/${id}`, { graph: graphWith(message), baseRevision: 1 })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const winner = answers.find((answer) => answer.status === 200)!;
      const stored = (await api.get(`/api/flows/${id}`)).body;
      expect(stored.revision).toBe(2);
      expect(messageOf(stored)).toBe(messageOf(winner.body));
    }
  });

  it('tells each editor tab how many others have the flow open, and forgets a tab that leaves', async () => {
    const id = await create('original');
    const beat = async (session: string, open = true) => {
      const answer = await api.post(`/api/flows/${id}/presence`, { session, open });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    expect(await beat('tab-asha-0001')).toEqual({ others: 0, people: [], ttlSeconds: 30 });
    // Both tabs use the test's key: the other tab is named by it.
    expect(await beat('tab-ben-00002')).toEqual({ others: 1, people: ['bootstrap'], ttlSeconds: 30 });
    expect((await beat('tab-asha-0001')).others).toBe(1);
    expect((await beat('tab-ben-00002', false)).others).toBe(1);
    expect((await beat('tab-asha-0001')).others).toBe(0);
    // Another flow's tabs are not counted.
    const other = await create('other');
    expect((await api.post(`/api/flows/${other}/presence`, { session: 'tab-carl-0003' })).body.others).toBe(0);
    expect((await api.request('POST', `/api/flows/${id}/presence`, { session: 'x' })).status).toBe(400);
  });

  it('refuses a baseRevision that is not a revision', async () => {
    const id = await create('original');
    const answer = await api.request('PUT', `/api/flows/${id}`, { graph: graphWith('x'), baseRevision: 'latest' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details[0].field).toBe('baseRevision');
  });
});
