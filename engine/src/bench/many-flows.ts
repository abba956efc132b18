import type { Api } from './bench-api';
import type { Stage } from './bench-stage';
import { measureThroughput, publishBenchFlow, type Throughput } from './throughput';

/** Flows created and published at once through the API. */
const CREATE_CONCURRENCY = 8;

export interface ManyFlows {
  flows: number;
  /** Creating and publishing the flows that do not match, through the API. */
  setupSeconds: number;
  throughput: Throughput;
}

/**
 * `flows` published flows on call.completed in one workspace, as a workspace with one follow-up
 * flow per AI agent has: each other flow starts only for its own agent's calls (a condition on
 * `trigger.agent.id`), which the bench's events (agent `a1`) never are. Only the bench flow
 * matches; then the throughput burst, so the figure shows what matching every event against
 * every flow costs.
 */
export async function manyFlows(stage: Stage, flows: number, events: number, concurrency: number): Promise<ManyFlows> {
  stage.memory.phase(`creating ${flows} flows`);
  const startedAt = Date.now();
  let next = 0;
  const creator = async () => {
    while (next < flows - 1) await publishAgentFlow(stage.api, `agent_${next++}`);
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, creator));
  const setupSeconds = (Date.now() - startedAt) / 1000;
  await publishBenchFlow(stage.api);
  stage.memory.phase(`many flows (${flows})`);
  return { flows, setupSeconds, throughput: await measureThroughput(stage, 'many', events, concurrency) };
}

async function publishAgentFlow(api: Api, agentId: string): Promise<void> {
  const graph = {
    nodes: [
      { id: 'call', type: 'call.completed', config: { callType: 'connected', conditions: { and: [{ '==': [{ var: 'trigger.agent.id' }, agentId] }] } } },
      { id: 'note', type: 'flow.set', config: { values: { agent: '{{trigger.agent.name}}' } } },
    ],
    edges: [{ id: 'e1', source: 'call', target: 'note' }],
  };
  const flow = await api('POST', '/api/flows', { name: `Follow-up ${agentId}`, graph });
  if (flow.status !== 201) throw new Error(`creating flow ${agentId} failed: ${flow.status} ${JSON.stringify(flow.body)}`);
  const published = await api('POST', `/api/flows/${flow.body.id}/publish`);
  if (published.status !== 200) throw new Error(`publishing flow ${agentId} failed: ${JSON.stringify(published.body)}`);
}
