import autocannon from 'autocannon';
import type { Stage } from './bench-stage';

/** The path the bench's webhook flow listens on: `POST /webhooks/in/bench-lead`. */
const PATH = 'bench-lead';

export interface WebhookLoad {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  answered2xx: number;
  non2xx: number;
  /** Connection errors and timeouts: requests that got no answer. */
  errors: number;
  runsSucceeded: number;
  runsStarted: number;
  /** From the end of the load to the last webhook run finished. */
  drainSeconds: number;
}

/**
 * Webhook ingress: a published webhook.received → flow.branch → flow.set flow, driven by
 * autocannon through `POST /webhooks/in/<path>` with `connections` keep-alive connections for
 * `seconds`, each request a different lead (no Idempotency-Key, as form tools send them); then
 * waits until every run the requests started has finished.
 */
export async function webhookLoad(stage: Stage, seconds: number, connections: number): Promise<WebhookLoad> {
  const flowId = await publishWebhookFlow(stage);
  stage.memory.phase('webhook ingress');
  let lead = 0;
  const result = await autocannon({
    url: `${stage.url}/webhooks/in/${PATH}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ lead: ++lead, name: 'Alex Morgan', phone: '+14155551234', booked: true }) }),
      },
    ],
  });
  const loadEndedAt = result.finish.getTime();
  await stage.waitForRuns(result['2xx']);
  const { rows } = await stage.sql.query(
    `SELECT count(*)::int AS started, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded, max(finished_at) AS last FROM runs WHERE flow_id = $1`,
    [flowId],
  );
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    runsSucceeded: rows[0].succeeded,
    runsStarted: rows[0].started,
    drainSeconds: rows[0].last ? Math.max(0, new Date(rows[0].last).getTime() - loadEndedAt) / 1000 : NaN,
  };
}

async function publishWebhookFlow(stage: Stage): Promise<string> {
  const graph = {
    nodes: [
      { id: 'lead', type: 'webhook.received', config: { path: PATH } },
      { id: 'booked', type: 'flow.branch', config: { branches: [{ key: 'booked', label: 'Booked', condition: { '==': [{ var: 'trigger.body.booked' }, true] } }] } },
      { id: 'greet', type: 'flow.set', config: { values: { name: '{{trigger.body.name}}', phone: '{{trigger.body.phone}}' } } },
    ],
    edges: [
      { id: 'e1', source: 'lead', target: 'booked' },
      { id: 'e2', source: 'booked', sourceHandle: 'booked', target: 'greet' },
    ],
  };
  const flow = await stage.api('POST', '/api/flows', { name: 'Bench webhook', graph });
  const published = await stage.api('POST', `/api/flows/${flow.body.id}/publish`);
  if (published.status !== 200) throw new Error(`publishing the webhook flow failed: ${JSON.stringify(published.body)}`);
  return flow.body.id;
}
