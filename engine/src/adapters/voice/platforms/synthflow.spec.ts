import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { synthflowApiAnswer, synthflowFixture } from '../../../testing/voice-fixtures/synthflow';
import type { VoiceDelivery } from '../voice-platform';
import { synthflowPlatform } from './synthflow';

const config = { ...synthflowFixture.config, baseUrl: 'https://synthflow.test/' };
const NOW = Date.parse('2026-01-01T10:05:00Z');

function delivery(body: unknown, headers?: Record<string, string | undefined>): VoiceDelivery {
  const raw = Buffer.from(JSON.stringify(body));
  const signed = synthflowFixture.sign(raw, config, NOW).headers ?? {};
  const lower = Object.fromEntries(Object.entries(headers ?? signed).map(([k, v]) => [k.toLowerCase(), v]));
  return { raw, body, headers: lower, query: {} };
}

/** Synthflow's API as the fixture describes it, recording what was asked. */
function fakeApi(answer: (callId: string) => unknown = (id) => synthflowApiAnswer(id)?.body) {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchJson = async (url: string, headers: Record<string, string>) => {
    calls.push({ url, headers });
    const id = decodeURIComponent(url.split('/v2/calls/')[1] ?? '');
    const found = answer(id);
    if (found === undefined) throw new Error('HTTP 404');
    return found;
  };
  return { calls, fetchJson };
}

describe('synthflowPlatform.verify', () => {
  it('checks the base64 HMAC of call_id, then re-fetches the call with the API key', async () => {
    const api = fakeApi();
    expect(await synthflowPlatform.verify(delivery(synthflowFixture.answered()), config, NOW, api.fetchJson)).toEqual({ ok: true });
    expect(api.calls).toEqual([
      { url: 'https://synthflow.test/v2/calls/1711646262471x768387119913843100', headers: { authorization: 'Bearer synthflow-test-api-key', accept: 'application/json' } },
    ]);
    expect(await synthflowPlatform.verify(delivery(synthflowFixture.notAnswered!()), config, NOW, api.fetchJson)).toEqual({ ok: true });
  });

  it('accepts the header in its X- and WSGI spellings', async () => {
    const signature = delivery(synthflowFixture.answered()).headers['synthflow-signature']!;
    for (const name of ['X-Synthflow-Signature', 'HTTP_SYNTHFLOW_SIGNATURE']) {
      expect(await synthflowPlatform.verify(delivery(synthflowFixture.answered(), { [name]: signature }), config, NOW, fakeApi().fetchJson)).toEqual({ ok: true });
    }
  });

  it('refuses a missing or wrong signature without asking the API', async () => {
    const api = fakeApi();
    expect(await synthflowPlatform.verify(delivery(synthflowFixture.answered(), {}), config, NOW, api.fetchJson)).toEqual({ ok: false, reason: 'missing Synthflow-Signature header' });
    const wrong = createHmac('sha256', 'another-secret').update('1711646262471x768387119913843100').digest('base64');
    expect(await synthflowPlatform.verify(delivery(synthflowFixture.answered(), { 'Synthflow-Signature': wrong }), config, NOW, api.fetchJson)).toEqual({ ok: false, reason: 'Synthflow-Signature does not match call.call_id' });
    expect(api.calls).toEqual([]);
  });

  it('refuses a signed call id carrying a body that disagrees with Synthflow’s record', async () => {
    const forged = synthflowFixture.notAnswered!() as { call: Record<string, unknown> };
    forged.call.status = 'completed';
    forged.call.duration = 300;
    expect(await synthflowPlatform.verify(delivery(forged), config, NOW, fakeApi().fetchJson)).toEqual({
      ok: false,
      reason: "call.status disagrees with Synthflow's record of call 1711646262471x768387119913843101",
    });
    const otherLead = { ...(synthflowFixture.answered() as object), lead: { name: 'Mallory', phone_number: '+14155550199' } };
    expect(await synthflowPlatform.verify(delivery(otherLead), config, NOW, fakeApi().fetchJson)).toMatchObject({ ok: false, reason: expect.stringContaining('lead.phone_number') });
  });

  it('refuses a call the API does not know, a failed fetch and a missing fetcher or key', async () => {
    const unknown = { ...(synthflowFixture.answered() as object), call: { ...(synthflowFixture.answered() as { call: object }).call, call_id: 'not-a-call' } };
    expect(await synthflowPlatform.verify(delivery(unknown), config, NOW, fakeApi().fetchJson)).toMatchObject({ ok: false, reason: expect.stringContaining('could not re-fetch call not-a-call') });
    expect(await synthflowPlatform.verify(delivery(synthflowFixture.answered()), config, NOW, fakeApi(() => ({ status: 'ok', response: { calls: [] } })).fetchJson)).toMatchObject({ ok: false, reason: expect.stringContaining('returned no call') });
    expect(await synthflowPlatform.verify(delivery(synthflowFixture.answered()), config, NOW)).toMatchObject({ ok: false });
    expect(await synthflowPlatform.verify(delivery(synthflowFixture.answered()), { signingSecret: 'synthflow-test-webhook-secret' }, NOW, fakeApi().fetchJson)).toMatchObject({ ok: false, reason: expect.stringContaining('apiKey') });
  });

  it('defaults to Synthflow’s global API and takes a regional base URL with or without /v2', async () => {
    const api = fakeApi();
    const { baseUrl: _omit, ...withoutBase } = config;
    await synthflowPlatform.verify(delivery(synthflowFixture.answered()), withoutBase, NOW, api.fetchJson);
    expect(api.calls[0].url).toBe('https://api.synthflow.ai/v2/calls/1711646262471x768387119913843100');
    await synthflowPlatform.verify(delivery(synthflowFixture.answered()), { ...config, baseUrl: 'https://api.eu.synthflow.ai/v2/' }, NOW, api.fetchJson);
    expect(api.calls[1].url).toBe('https://api.eu.synthflow.ai/v2/calls/1711646262471x768387119913843100');
  });
});

describe('synthflowPlatform.read', () => {
  it('normalises the documented answered call', () => {
    expect(synthflowPlatform.read(delivery(synthflowFixture.answered()), config)).toEqual({
      kind: 'call_ended',
      dedupeKey: 'synthflow:1711646262471x768387119913843100',
      data: {
        call: {
          id: '1711646262471x768387119913843100',
          direction: 'outbound',
          from: null,
          to: '+14155550123',
          startedAt: '2026-01-01T09:59:46.000Z',
          endedAt: '2026-01-01T10:01:39.000Z',
          durationSeconds: 113,
          status: 'completed',
          connected: true,
          endedReason: 'human_goodbye',
          recordingUrl: null,
        },
        agent: { id: 'b336ab4e-8f1e-4b6c-aca1-d8f95b5b3ef6', name: null },
        customer: { phone: '+14155550123', name: 'Jane Doe' },
        metadata: { lead_id: 'L-42', external_id: 'crm-lead-42' },
        variables: { appointment: 'tuesday 10am', user_email: 'jane@example.com' },
        transcript: [
          { role: 'agent', text: 'Hi Jane, this is Acme.' },
          { role: 'customer', text: 'Hi, yes.' },
        ],
        summary: null,
      },
    });
  });

  it('reads no-answer, busy, voicemail and failed statuses as not connected', () => {
    const statuses: Record<string, string> = { 'no-answer': 'no_answer', busy: 'busy', hangup_on_voicemail: 'voicemail', left_voicemail: 'voicemail', failed: 'failed', canceled: 'failed' };
    for (const [sent, status] of Object.entries(statuses)) {
      const body = synthflowFixture.answered() as { call: Record<string, unknown> };
      body.call.status = sent;
      const event = synthflowPlatform.read(delivery(body), config);
      expect(event.kind === 'call_ended' && event.data.call).toMatchObject({ status, connected: false });
    }
    const event = synthflowPlatform.read(delivery(synthflowFixture.notAnswered!()), config);
    expect(event.kind === 'call_ended' && event.data).toMatchObject({ call: { status: 'no_answer', connected: false }, transcript: [] });
  });

  it('reads collected variables keyed by agent id, skipping uncollected slots, and custom end reasons', () => {
    const body = {
      ...(synthflowFixture.answered() as object),
      call: { ...(synthflowFixture.answered() as { call: object }).call, end_call_reason: 'custom_end_call', custom_end_call_reason: 'asked for a human' },
      collected_variables: { 'agent-1': { user_name: { value: 'Julian', collected: true }, user_email: { value: null, collected: false } } },
    };
    const event = synthflowPlatform.read(delivery(body), config);
    expect(event.kind === 'call_ended' && event.data).toMatchObject({ call: { endedReason: 'custom_end_call: asked for a human' }, variables: { appointment: 'tuesday 10am', user_name: 'Julian' } });
    expect(event.kind === 'call_ended' && 'user_email' in event.data.variables).toBe(false);
  });

  it('rejects a body without call.call_id and keeps the dedupe key stable', () => {
    expect(() => synthflowPlatform.read(delivery({ status: 'completed' }), config)).toThrow('call.call_id');
    const keys = [1, 2].map(() => synthflowPlatform.read(delivery(synthflowFixture.answered()), config)).map((e) => (e.kind === 'call_ended' ? e.dedupeKey : null));
    expect(keys).toEqual(['synthflow:1711646262471x768387119913843100', 'synthflow:1711646262471x768387119913843100']);
  });
});

describe('synthflowPlatform.redact', () => {
  it('drops credential-like keys from executed actions', () => {
    const body = { ...(synthflowFixture.answered() as object), executed_actions: { a: { name: 'crm', parameters_hard_coded: { url: 'https://crm.example.com', auth_token: 't', password: 'p' } } } };
    expect((synthflowPlatform.redact(body) as { executed_actions: unknown }).executed_actions).toEqual({ a: { name: 'crm', parameters_hard_coded: { url: 'https://crm.example.com' } } });
  });
});
