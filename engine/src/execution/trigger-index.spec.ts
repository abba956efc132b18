import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INDEXED_FROM_FLOWS } from './trigger-index';
import { graph, MemoryEngine } from './testing/memory-engine';

/** A published call.completed flow for one agent (`trigger.agent.id == agent`), with more conditions after it. */
function publishForAgent(engine: MemoryEngine, agent: string, config: Record<string, unknown> = {}): string {
  const conditions = { and: [{ '==': [{ var: 'trigger.agent.id' }, agent] }, { '==': [{ var: 'trigger.variables.appointment_booked' }, true] }] };
  const version = { id: randomUUID(), flowId: randomUUID(), workspaceId: engine.workspace.id, name: `Flow for ${agent}`, isTest: false, graph: graph([{ id: 'call', type: 'call.completed', config: { conditions, ...config } }, { id: 'a', type: 'test.act' }], [['call', 'a']]) };
  engine.store.addVersion(version, 'call.completed');
  return version.flowId;
}

const call = (agent: unknown, booked = true) => ({
  type: 'call.completed',
  data: { call: { id: randomUUID(), status: 'completed' }, agent: { id: agent }, customer: { phone: '+14155550100' }, variables: { appointment_booked: booked } },
});

describe('matching an event against many flows of one trigger type', () => {
  it('asks only the flows whose agent the call names, and the flows it cannot rule out', async () => {
    const engine = new MemoryEngine();
    const flows = Array.from({ length: 30 }, (_, i) => publishForAgent(engine, `agent_${i}`));
    const bypass = publishForAgent(engine, 'agent_0', { alwaysRun: true });

    const result = await engine.ingestor.ingest(engine.workspace, call('agent_7'));

    expect(result.runs.map((run) => run.flowId).sort()).toEqual([flows[7], bypass].sort());
    // Activity lists what was asked: the two that started; the 29 other agents' flows were not asked.
    const [event] = [...engine.store.events.values()];
    expect(event!.outcomes!.map((outcome) => outcome.flowId).sort()).toEqual([flows[7], bypass].sort());
  });

  it('still decides by the conditions: the agent matches, a later condition fails, and that is explained', async () => {
    const engine = new MemoryEngine();
    const flows = Array.from({ length: 30 }, (_, i) => publishForAgent(engine, `agent_${i}`));

    const result = await engine.ingestor.ingest(engine.workspace, call('agent_3', false));

    expect(result.runs).toEqual([]);
    const [event] = [...engine.store.events.values()];
    expect(event!.outcomes).toMatchObject([{ flowId: flows[3], started: false, reason: { code: 'CONDITION_FALSE' } }]);
  });

  it('asks every flow when the event holds no text there (a number, nothing), as json-logic compares loosely', async () => {
    const engine = new MemoryEngine();
    Array.from({ length: 30 }, (_, i) => publishForAgent(engine, String(i)));

    const numbered = await engine.ingestor.ingest(engine.workspace, call(12));
    expect(numbered.runs).toHaveLength(1);
    await engine.ingestor.ingest(engine.workspace, call(undefined));
    const outcomes = [...engine.store.events.values()].map((event) => event.outcomes!.length);
    expect(outcomes).toEqual([30, 30]);
  });

  it(`asks and explains every flow below ${INDEXED_FROM_FLOWS} flows`, async () => {
    const engine = new MemoryEngine();
    Array.from({ length: INDEXED_FROM_FLOWS - 1 }, (_, i) => publishForAgent(engine, `agent_${i}`));

    const result = await engine.ingestor.ingest(engine.workspace, call('agent_4'));

    expect(result.runs).toHaveLength(1);
    const [event] = [...engine.store.events.values()];
    expect(event!.outcomes!.filter((outcome) => !outcome.started)).toHaveLength(INDEXED_FROM_FLOWS - 2);
  });
});
