import { callCompletedEvent } from './fixtures';
import { metaMessagesPayload, metaSignature, postWebhook } from './meta-webhook';
import type { ApiClient, TestEngine } from './test-engine';
import type { BodyAt, ServedPath } from '@switchboard/shared';

/** The values `populate` gives the resources it makes (a customer's number, the function's name…). */
export const POPULATED = {
  phone: '+14155550777',
  metaPhoneNumberId: '77001',
  metaAppSecret: 'b-app-secret',
  functionName: 'b_private_lookup',
  hookPath: 'b-private/hook',
  hookSecret: 'b-hook-secret-0123456789',
} as const;

/** The ids of what `populate` made. */
export interface PopulatedIds {
  connections: Record<string, string>;
  draftFlow: string;
  publishedFlow: string;
  functionFlow: string;
  hookFlow: string;
  scheduleFlow: string;
  waitingFlow: string;
  run: string;
  waitingRun: string;
  conversation: string;
  task: string;
  alert: string;
  delivery: string;
  /** A campaign scheduled years ahead (it never sends during a test). */
  campaign: string;
}

/**
 * One of every kind of resource in workspace `b`, made through its own API and webhooks: a
 * connection of each provider (Meta's at `metaUrl`, a fake the caller starts), drafts, published
 * flows of each trigger kind, a finished and a waiting run, a conversation, a task, an alert, an
 * e-mail and a processed webhook delivery.
 */
export async function populate(b: ApiClient, metaUrl: string): Promise<PopulatedIds> {
  const created = async <const P extends string>(path: P & ServedPath<'POST', P>, body: BodyAt<'POST', P>, status = 201) => {
    const response = await b.post(path, body);
    if (response.status !== status) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const connections: Record<string, string> = {
    'whatsapp.sandbox': await b.sandbox('B sandbox'),
    'whatsapp.meta': (
      await created('/api/connections', {
        name: 'B meta',
        provider: 'whatsapp.meta',
        config: { accessToken: 'b-token', phoneNumberId: POPULATED.metaPhoneNumberId, wabaId: '77002', appSecret: POPULATED.metaAppSecret, verifyToken: 'b-verify', baseUrl: metaUrl },
      })
    ).id,
    'whatsapp.heltar': (await created('/api/connections', { name: 'B heltar', provider: 'whatsapp.heltar', config: { apiKey: 'b-heltar', webhookSecret: 'b-heltar-secret', baseUrl: 'http://127.0.0.1:9' } })).id,
    'whatsapp.aisensy': (await created('/api/connections', { name: 'B aisensy', provider: 'whatsapp.aisensy', config: { apiKey: 'b-aisensy', plan: 'basic', webhookSecret: 'b-aisensy-secret', baseUrl: 'http://127.0.0.1:9' } })).id,
    smtp: (await created('/api/connections', { name: 'B smtp', provider: 'smtp', config: { host: '127.0.0.1', port: 9, user: 'b', password: 'b-smtp', from: 'b@example.com' } })).id,
    'voice.retell': (await created('/api/connections', { name: 'B retell', provider: 'voice.retell', config: { apiKey: 'b-retell-key' } })).id,
    'ai.openai_compatible': (await created('/api/connections', { name: 'B ai', provider: 'ai.openai_compatible', config: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'b-ai', model: 'm' } })).id,
  };
  const sync = await b.post(`/api/connections/${connections['whatsapp.meta']}/templates/sync`);
  if (sync.status !== 200) throw new Error(`template sync: ${sync.status} ${JSON.stringify(sync.body)}`);

  const draftFlow = (await created('/api/flows', { name: 'B draft', graph: { nodes: [{ id: 'start', type: 'manual', config: {} }], edges: [] } })).id;
  const publishedFlow = await b.publish('B calls', {
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      { id: 'task', type: 'task.create', config: { title: 'Call {{trigger.customer.name}} back', priority: 'high' } },
      { id: 'alert', type: 'alert.team', config: { message: 'B customer called', recipients: 'all' } },
      { id: 'mail', type: 'email.send', config: { to: ['team@b.example.com'], subject: 'B call', html: '<p>{{trigger.summary}}</p>' } },
      { id: 'reply', type: 'ai.generate_reply', config: { assistant: 'You are B.', customerIdentifier: '{{trigger.customer.phone}}', message: 'hello' } },
      { id: 'text', type: 'whatsapp.send_text', config: { connectionId: connections['whatsapp.sandbox'], to: '{{trigger.customer.phone}}', message: 'Thanks for calling B' } },
      { id: 'note', type: 'flow.set', config: { values: { done: 'yes' } } },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'task' },
      { id: 'e2', source: 'task', target: 'alert' },
      { id: 'e3', source: 'alert', target: 'mail' },
      { id: 'e4', source: 'mail', target: 'reply' },
      { id: 'e5', source: 'reply', target: 'text' },
      { id: 'e6', source: 'text', target: 'note' },
    ],
  });
  const functionFlow = await b.publish('B function', {
    nodes: [
      { id: 'called', type: 'call.function', config: { name: POPULATED.functionName, description: 'B only', parameters: { type: 'object', properties: {} } } },
      { id: 'answer', type: 'flow.respond', config: { body: '{"ok":true}', status: 200 } },
    ],
    edges: [{ id: 'e1', source: 'called', target: 'answer' }],
  });
  const hookFlow = await b.publish('B hook', {
    nodes: [
      { id: 'hook', type: 'webhook.received', config: { path: POPULATED.hookPath, secret: POPULATED.hookSecret } },
      { id: 'note', type: 'flow.set', config: { values: { got: 'it' } } },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'note' }],
  });
  const scheduleFlow = await b.publish('B yearly', {
    nodes: [
      { id: 'yearly', type: 'schedule.cron', config: { cron: '0 0 1 1 *', timezone: 'UTC' } },
      { id: 'note', type: 'flow.set', config: { values: { year: 'new' } } },
    ],
    edges: [{ id: 'e1', source: 'yearly', target: 'note' }],
  });
  // A run that waits for a reply (a waitpoint) another customer has not sent.
  const waitingFlow = await b.publish('B waits', {
    nodes: [
      { id: 'start', type: 'manual', config: {} },
      { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId: connections['whatsapp.sandbox'], from: '+14155550888', timeoutMinutes: 600 } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'wait' }],
  });
  const waitingRun = (await created(`/api/flows/${waitingFlow}/run`, { data: {} }, 202)).runId;
  if (!waitingRun) throw new Error('the waiting flow started no run');
  await b.waitForRun(waitingRun, (candidate) => candidate.status === 'waiting', 60_000);

  // The customer writes first (a conversation, its messages, a contact), then calls.
  await created(`/api/sandbox/${connections['whatsapp.sandbox']}/inbound`, { from: POPULATED.phone, text: 'Hi from B customer', name: 'B Customer' }, 202);
  const posted = await created('/api/events', callCompletedEvent({ id: 'b-call-1', phone: POPULATED.phone }), 202);
  const run = posted.runs.find((candidate) => candidate.flowId === publishedFlow)!.runId;
  const finished = await b.waitForRun(run, undefined, 60_000);
  if (finished.status !== 'succeeded') throw new Error(`B's run: ${JSON.stringify(finished)}`);
  const invoked = await b.post(`/api/functions/${POPULATED.functionName}/invoke`, { callId: 'b-call-1', arguments: {} });
  if (invoked.status !== 200) throw new Error(`B's function: ${invoked.status} ${JSON.stringify(invoked.body)}`);

  // A provider's delivery (stored, then processed): a Meta message.
  const payload = JSON.stringify(metaMessagesPayload(POPULATED.metaPhoneNumberId, [{ id: 'wamid.b-1', from: POPULATED.phone, text: 'B on Meta' }]));
  const delivered = await postWebhook(b.baseUrl, connections['whatsapp.meta']!, payload, { 'x-hub-signature-256': metaSignature(payload, POPULATED.metaAppSecret) });
  if (delivered.status !== 200) throw new Error(`B's Meta webhook: ${delivered.status}`);

  const conversation = (await b.get('/api/conversations')).body.conversations[0].id as string;
  const task = (await b.get('/api/tasks')).body.tasks[0].id as string;
  const alert = (await b.get('/api/alerts')).body.alerts[0].id as string;
  const deliveries = async () => (await b.get('/api/webhook-deliveries?status=processed')).body.deliveries as Array<{ id: string }>;
  let delivery: string | undefined;
  for (let tries = 0; !delivery && tries < 1200; tries++) {
    delivery = (await deliveries())[0]?.id;
    if (!delivery) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!delivery) throw new Error("B's webhook delivery was not processed");
  const campaign = (
    await created('/api/campaigns', {
      name: 'B campaign',
      connectionId: connections['whatsapp.sandbox']!,
      template: 'follow_up',
      parameters: ['{{contact.name}}'],
      audience: { rows: [{ phone: POPULATED.phone, name: 'B Customer' }] },
      sendAt: '2031-01-01T09:00:00Z',
    })
  ).id;
  return { connections, draftFlow, publishedFlow, functionFlow, hookFlow, scheduleFlow, waitingFlow, run, waitingRun, conversation, task, alert, delivery, campaign };
}

/** Waits until nothing of B is in motion: every run at rest and every webhook delivery processed. */
export async function settle(engine: TestEngine, b: ApiClient, workspaceId: string): Promise<void> {
  const moving = async () =>
    (
      await engine.environment.sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM runs WHERE workspace_id = $1 AND status IN ('queued', 'running'))
              + (SELECT count(*) FROM webhook_deliveries WHERE workspace_id = $1 AND status <> 'processed') AS n`,
        [workspaceId],
      )
    )[0]!.n;
  for (let tries = 0; tries < 1200; tries++) {
    if (Number(await moving()) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`workspace B did not come to rest: ${JSON.stringify((await b.get('/api/runs')).body)}`);
}
