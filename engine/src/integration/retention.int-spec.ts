import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callCompletedEvent } from '../testing/fixtures';
import { TestEngine, type ApiClient } from '../testing/test-engine';

const OLD = "now() - interval '40 days'";

/** call.completed → template to the customer → an e-mail to the team → wait for the customer's reply (10 hours). */
function confirmAndWait(connectionId: string) {
  return {
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      {
        id: 'confirm',
        type: 'whatsapp.send_template',
        config: { connectionId, template: 'follow_up', language: 'en', to: '{{trigger.customer.phone}}', parameters: ['{{trigger.customer.name}}'] },
      },
      { id: 'mail', type: 'email.send', config: { to: ['team@example.com'], subject: 'Call with {{trigger.customer.phone}}', html: '<p>{{trigger.summary}}</p>' } },
      { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId, from: '{{trigger.customer.phone}}', timeoutMinutes: 600 } },
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'confirm' },
      { id: 'e2', source: 'confirm', target: 'mail' },
      { id: 'e3', source: 'mail', target: 'wait' },
    ],
  };
}

/** Retention (`RETENTION_DAYS`, default 30) and erasure of one customer (`DELETE /api/contacts/:phone`). */
describe('retention and erasure of customer data', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let connectionId: string;
  let workspaceId: string;

  const sql = <T = any>(text: string, values: unknown[] = []) => engine.environment.sql<T>(text, values);
  const write = (from: string, text: string, name?: string, via = api, sender = connectionId) => via.post(`/api/sandbox/${sender}/inbound`, { from, text, name });
  const countOf = async (text: string, values: unknown[] = []) => Number((await sql<{ count: string }>(text, values))[0]!.count);

  beforeAll(async () => {
    engine = await TestEngine.start();
    api = engine.api;
    connectionId = await api.sandbox();
    workspaceId = (await sql<{ workspace_id: string }>('SELECT workspace_id FROM connections WHERE id = $1', [connectionId]))[0]!.workspace_id;
    await api.publish('Greet', {
      nodes: [
        { id: 'hello', type: 'conversation.started', config: { connectionId } },
        { id: 'reply', type: 'whatsapp.send_text', config: { connectionId, to: '{{trigger.from}}', message: 'Hi {{trigger.name}}, how can we help?' } },
      ],
      edges: [{ id: 'e1', source: 'hello', target: 'reply' }],
    });
    await api.publish('Confirm and wait', confirmAndWait(connectionId));
  });
  afterAll(() => engine?.stop());

  it('prunes customer data older than the retention period and keeps recent data, open conversations, open tasks, opt-outs and what waiting runs need', async () => {
    // An old closed conversation (with the flow's reply), an opted-out customer, an open one, a recent closed one.
    const old = await write('+14155550201', 'Hello from long ago', 'Old Alex');
    await api.waitForRun(old.body.runs[0].runId);
    await api.post(`/api/conversations/${old.body.conversationId}/close`);
    const stop = await write('+14155550202', 'STOP', 'Stopper');
    await api.post(`/api/conversations/${stop.body.conversationId}/close`);
    const open = await write('+14155550203', 'Still talking', 'Opal');
    const recent = await write('+14155550204', 'Just now', 'Rita');
    // Its greeting must be sent before it closes: a reply to a closed conversation belongs to none.
    await api.waitForRun(recent.body.runs[0].runId);
    await api.post(`/api/conversations/${recent.body.conversationId}/close`);
    // A run waiting for a reply, with the template it sent and the e-mail it wrote.
    const waiting = (await api.post('/api/events', callCompletedEvent({ id: 'waiting-call', phone: '+14155550205' }))).body.runs[0].runId;
    await api.waitForRun(waiting, (run) => run.status === 'waiting');

    const oldOutbound = (await sql<{ provider_message_id: string }>(`SELECT provider_message_id FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`, [old.body.conversationId]))[0]!;
    // Age all of it (but the recent conversation) past the default 30 days.
    const aged = [old.body.conversationId, stop.body.conversationId, open.body.conversationId];
    await sql(`UPDATE messages SET created_at = ${OLD} WHERE conversation_id = ANY($1::uuid[]) OR run_id = $2`, [aged, waiting]);
    await sql(`UPDATE conversations SET started_at = ${OLD}, last_message_at = ${OLD}, last_inbound_at = ${OLD}, closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE ${OLD} END WHERE id = ANY($1::uuid[])`, [aged]);
    await sql(`UPDATE emails SET created_at = ${OLD}`);
    await sql(`UPDATE contacts SET updated_at = ${OLD} WHERE phone <> '+14155550204'`);
    await sql(`INSERT INTO message_statuses (connection_id, provider_message_id, status, occurred_at) VALUES ($1, $2, 'read', ${OLD}), ($1, 'never-stored', 'sent', ${OLD}) ON CONFLICT DO NOTHING`, [
      connectionId,
      oldOutbound.provider_message_id,
    ]);
    await sql(`UPDATE message_statuses SET occurred_at = ${OLD} WHERE provider_message_id = $1`, [oldOutbound.provider_message_id]);
    // Notes outside any run, old and recent.
    await sql(
      `INSERT INTO emails (id, workspace_id, "from", "to", subject, html, delivery, created_at) VALUES
         ($2, $1, 'a@x.test', '["b@x.test"]', 'old', '<p>+14155550201</p>', 'captured', ${OLD}),
         ($3, $1, 'a@x.test', '["b@x.test"]', 'new', '<p>hi</p>', 'captured', now())`,
      [workspaceId, randomUUID(), randomUUID()],
    );
    await sql(
      `INSERT INTO tasks (id, workspace_id, title, priority, status, created_at, completed_at) VALUES
         (gen_random_uuid(), $1, 'old done', 'low', 'done', ${OLD}, ${OLD}),
         (gen_random_uuid(), $1, 'old open', 'low', 'open', ${OLD}, NULL),
         (gen_random_uuid(), $1, 'recent done', 'low', 'done', ${OLD}, now())`,
      [workspaceId],
    );
    await sql(
      `INSERT INTO alerts (id, workspace_id, message, recipients, kind, created_at) VALUES
         (gen_random_uuid(), $1, 'old alert', '"all"', 'team', ${OLD}), (gen_random_uuid(), $1, 'new alert', '"all"', 'team', now())`,
      [workspaceId],
    );
    await sql(
      `INSERT INTO webhook_deliveries (id, workspace_id, connection_id, provider, body, status, received_at) VALUES
         (gen_random_uuid(), $1, $2, 'whatsapp.meta', 'old processed', 'processed', ${OLD}),
         (gen_random_uuid(), $1, $2, 'whatsapp.meta', 'new processed', 'processed', now())`,
      [workspaceId, connectionId],
    );
    const [stale, active] = [randomUUID(), randomUUID()];
    // One statement: the sweep (every second) must not prune the stale memory before its turns exist.
    await sql(
      `WITH memories AS (
         INSERT INTO ai_conversations (id, workspace_id, customer_identifier, created_at, updated_at) VALUES ($2, $1, '+14155550201', ${OLD}, ${OLD}), ($3, $1, '+14155550204', ${OLD}, now())
         RETURNING id)
       INSERT INTO ai_turns (id, conversation_id, role, text, created_at)
       SELECT gen_random_uuid(), turn.conversation_id, turn.role, turn.text, turn.created_at
         FROM (VALUES ($2::uuid, 'customer', 'old question', ${OLD}), ($3::uuid, 'customer', 'old too', ${OLD}), ($3::uuid, 'assistant', 'recent answer', now())) AS turn(conversation_id, role, text, created_at)
         JOIN memories ON memories.id = turn.conversation_id`,
      [workspaceId, stale, active],
    );

    // The sweep (every second in tests) prunes all of it, over one tick or more.
    const leftOver = () =>
      countOf(
        `SELECT (SELECT count(*) FROM conversations WHERE id = ANY($1::uuid[])) + (SELECT count(*) FROM messages WHERE conversation_id = ANY($1::uuid[]))
              + (SELECT count(*) FROM message_statuses WHERE provider_message_id = ANY($2::text[])) + (SELECT count(*) FROM contacts WHERE phone = '+14155550201')
              + (SELECT count(*) FROM emails WHERE subject = 'old') + (SELECT count(*) FROM tasks WHERE title = 'old done') + (SELECT count(*) FROM alerts WHERE message = 'old alert')
              + (SELECT count(*) FROM webhook_deliveries WHERE body = 'old processed') + (SELECT count(*) FROM ai_conversations WHERE id = $3)
              + (SELECT count(*) FROM ai_turns WHERE created_at < now() - interval '30 days') AS count`,
        [[old.body.conversationId, stop.body.conversationId], [oldOutbound.provider_message_id, 'never-stored'], stale],
      );
    // Generous: each tick prunes a bounded batch, and a loaded machine ticks late (the poll ends as soon as it holds).
    await expect.poll(leftOver, { timeout: 60_000 }).toBe(0);

    // Gone: old messages with their statuses, old conversations, their contact, AI turns and memory, e-mails, done tasks, alerts, deliveries.
    expect(await countOf(`SELECT count(*) FROM messages WHERE conversation_id = ANY($1::uuid[])`, [[old.body.conversationId, stop.body.conversationId]])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM message_statuses WHERE provider_message_id = ANY($1::text[])`, [[oldOutbound.provider_message_id, 'never-stored']])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM contacts WHERE phone = '+14155550201'`)).toBe(0);
    expect(await sql(`SELECT subject FROM emails ORDER BY subject`)).toEqual([{ subject: 'Call with +14155550205' }, { subject: 'new' }]);
    expect(await sql(`SELECT title FROM tasks ORDER BY title`)).toEqual([{ title: 'old open' }, { title: 'recent done' }]);
    expect(await sql(`SELECT message FROM alerts`)).toEqual([{ message: 'new alert' }]);
    expect(await sql(`SELECT body FROM webhook_deliveries ORDER BY body`)).toEqual([{ body: 'new processed' }]);
    expect(await sql(`SELECT id FROM ai_conversations`)).toEqual([{ id: active }]);
    expect(await sql(`SELECT text FROM ai_turns`)).toEqual([{ text: 'recent answer' }]);
    // Runs, their events and steps go with their week's partition (history-partitions.int-spec.ts): these are this week's.

    // Kept: the opt-out as a bare fact, the open and the recent conversation with their messages and contacts.
    // (stripped by the tick that finds its conversation gone, which may come after the one that removed it)
    await expect.poll(() => sql(`SELECT name, opted_out_at IS NOT NULL AS opted_out FROM contacts WHERE phone = '+14155550202'`), { timeout: 15_000 }).toEqual([{ name: null, opted_out: true }]);
    // Each with the greeting flow's reply, which a loaded machine may still be sending.
    await expect.poll(async () => (await api.get(`/api/conversations/${open.body.conversationId}`)).body, { timeout: 15_000 }).toMatchObject({ status: 'open', messageCount: 2 });
    expect((await api.get(`/api/conversations/${recent.body.conversationId}`)).body).toMatchObject({ status: 'closed', messageCount: 2 });
    expect(await sql(`SELECT phone, name FROM contacts WHERE phone IN ('+14155550203', '+14155550204') ORDER BY phone`)).toEqual([
      { phone: '+14155550203', name: 'Opal' },
      { phone: '+14155550204', name: 'Rita' },
    ]);
    // The waiting run keeps its event, its template message and its e-mail, and still takes the reply.
    expect((await api.get(`/api/runs/${waiting}`)).body.status).toBe('waiting');
    expect(await countOf(`SELECT count(*) FROM messages WHERE run_id = $1`, [waiting])).toBe(1);
    await write('+14155550205', 'Yes, thanks');
    await expect.poll(async () => (await api.get(`/api/runs/${waiting}`)).body.status, { timeout: 15_000 }).toBe('succeeded');
  });

  it("erases one customer's messages, conversations, AI memory and the data in their runs, and nothing of anyone else", async () => {
    const phone = '+14155550301';
    const digits = phone.slice(1);
    await api.publish('Remember', {
      nodes: [
        { id: 'received', type: 'whatsapp.message_received', config: { connectionId } },
        { id: 'answer', type: 'ai.generate_reply', config: { assistant: 'You are the front desk.', customerIdentifier: '{{trigger.from}}', message: '{{trigger.text}}' } },
      ],
      edges: [{ id: 'e1', source: 'received', target: 'answer' }],
    });
    // The customer: a conversation (greeted by a flow, answered by the AI), then a call whose run waits for their reply.
    const first = await write(phone, 'Hi, I am Erin', 'Erin');
    for (const run of first.body.runs) await api.waitForRun(run.runId);
    const waiting = (await api.post('/api/events', callCompletedEvent({ id: 'erin-call', phone }))).body.runs[0].runId;
    await api.waitForRun(waiting, (run) => run.status === 'waiting');
    // Someone else in this workspace, and the same number in another workspace.
    const other = await write('+14155550302', 'I stay', 'Olga');
    for (const run of other.body.runs) await api.waitForRun(run.runId);
    const elsewhere = await engine.otherWorkspace();
    const theirSender = await elsewhere.sandbox('Their sender');
    await write(phone, 'Hi other business', 'Erin', elsewhere, theirSender);
    const theirWorkspace = (await sql<{ workspace_id: string }>('SELECT workspace_id FROM connections WHERE id = $1', [theirSender]))[0]!.workspace_id;
    expect(await countOf(`SELECT count(*) FROM ai_conversations WHERE workspace_id = $1 AND customer_identifier = $2`, [workspaceId, phone])).toBe(1);

    const erased = await api.request('DELETE', `/api/contacts/${encodeURIComponent(phone)}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      phone,
      erased: { conversations: 1, contacts: 1, aiConversations: 1, cancelledRuns: 1, emails: 1 },
      optOutKept: false,
    });
    expect(erased.body.erased.messages).toBeGreaterThanOrEqual(3);
    expect(erased.body.erased.runs).toBeGreaterThanOrEqual(3);

    // Nothing of the number is left in this workspace.
    const like = `%${digits}%`;
    expect(await countOf(`SELECT count(*) FROM messages WHERE workspace_id = $1 AND customer_phone = $2`, [workspaceId, phone])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM conversations WHERE workspace_id = $1 AND customer_phone = $2`, [workspaceId, phone])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM contacts WHERE workspace_id = $1 AND phone = $2`, [workspaceId, phone])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM ai_conversations WHERE workspace_id = $1 AND customer_identifier = $2`, [workspaceId, phone])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM ai_turns t JOIN ai_conversations a ON a.id = t.conversation_id WHERE a.workspace_id = $1 AND t.text LIKE '%Erin%'`, [workspaceId])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM runs r JOIN events e ON e.id = r.event_id WHERE r.workspace_id = $1 AND concat(e.data::text, r.error::text, r.dynamic_variables::text) LIKE $2`, [workspaceId, like])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM steps s JOIN runs r ON r.id = s.run_id WHERE r.workspace_id = $1 AND concat(s.input::text, s.output::text, s.error::text, s.warnings::text) LIKE $2`, [workspaceId, like])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM waitpoints w JOIN runs r ON r.id = w.run_id WHERE r.workspace_id = $1 AND concat(w.payload::text, w.correlation) LIKE $2`, [workspaceId, like])).toBe(0);
    expect(await countOf(`SELECT count(*) FROM emails WHERE workspace_id = $1 AND concat(subject, html, "to"::text) LIKE $2`, [workspaceId, like])).toBe(0);
    // The waiting run was cancelled first; it keeps its status and steps, without their data.
    const run = (await api.get(`/api/runs/${waiting}`)).body;
    expect(run.status).toBe('cancelled');
    expect(run.steps.find((step: any) => step.nodeId === 'confirm')).toMatchObject({ status: 'succeeded', input: null, output: null });

    // The other customer and the other workspace's same number are untouched.
    expect(await countOf(`SELECT count(*) FROM messages WHERE workspace_id = $1 AND customer_phone = '+14155550302'`, [workspaceId])).toBeGreaterThanOrEqual(2);
    expect((await api.get(`/api/conversations/${other.body.conversationId}`)).status).toBe(200);
    expect(await countOf(`SELECT count(*) FROM contacts WHERE workspace_id = $1 AND phone = '+14155550302'`, [workspaceId])).toBe(1);
    expect(await countOf(`SELECT count(*) FROM messages WHERE workspace_id = $1 AND customer_phone = $2`, [theirWorkspace, phone])).toBe(1);
    expect(await countOf(`SELECT count(*) FROM conversations WHERE workspace_id = $1 AND customer_phone = $2`, [theirWorkspace, phone])).toBe(1);
    expect(await countOf(`SELECT count(*) FROM contacts WHERE workspace_id = $1 AND phone = $2`, [theirWorkspace, phone])).toBe(1);
    expect(await countOf(`SELECT count(*) FROM events WHERE workspace_id = $1 AND data::text LIKE $2`, [theirWorkspace, like])).toBeGreaterThan(0);

    // Erasing again is harmless: nothing left, zeros.
    const again = await api.request('DELETE', `/api/contacts/${encodeURIComponent(phone)}`);
    expect(again.status).toBe(200);
    expect(Object.values(again.body.erased).every((count) => count === 0)).toBe(true);
  });

  it('keeps an opted-out customer opted out after erasing them', async () => {
    const phone = '+14155550303';
    await write(phone, 'STOP', 'Sam');
    // The greeting flow's reply to the new conversation is sent before the erasure, not after it.
    await expect.poll(() => countOf(`SELECT count(*) FROM runs WHERE status IN ('queued', 'running')`), { timeout: 15_000 }).toBe(0);
    const erased = await api.request('DELETE', `/api/contacts/${encodeURIComponent(phone)}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ phone, optOutKept: true, erased: { contacts: 0, conversations: 1 } });
    expect(await sql(`SELECT name, opted_out_at IS NOT NULL AS opted_out, opt_out_source FROM contacts WHERE workspace_id = $1 AND phone = $2`, [workspaceId, phone])).toEqual([
      { name: null, opted_out: true, opt_out_source: 'keyword:STOP' },
    ]);
    expect(await countOf(`SELECT count(*) FROM messages WHERE workspace_id = $1 AND customer_phone = $2`, [workspaceId, phone])).toBe(0);
  });

  it('refuses a number that is not one, naming the field', async () => {
    const refused = await api.request('DELETE', '/api/contacts/12345');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_INPUT', details: [{ field: 'phone' }] });
    expect((await api.withKey(null).request('DELETE', '/api/contacts/%2B14155550301')).status).toBe(401);
  });
});
