import { describe, expect, it } from 'vitest';
import { catalog, nodeDefinitions } from '../catalog';
import type { TriggerDefinition } from '../sdk/define';
import { callCompleted } from './call-completed';

const triggers = nodeDefinitions.filter((definition): definition is TriggerDefinition => definition.kind === 'trigger');
const fields = (type: string, data: unknown) => catalog.eventDataIssues(type, data).map((issue) => issue.path.map(String).join('.'));

/** CONTRACT "Event data", verbatim. */
const contractCall = {
  call: { id: 'c1', direction: 'outbound', status: 'completed', durationSeconds: 125, from: '+14155550100', to: '+14155551234', startedAt: '…', endedAt: '…' },
  agent: { id: 'a1', name: 'Riya' },
  customer: { phone: '+14155551234', name: 'Alex', email: 'alex@example.com' },
  metadata: { lead_source: 'website' },
  variables: { appointment_booked: true, appointment_date: '2026-11-25' },
  transcript: [
    { role: 'agent', text: '…' },
    { role: 'customer', text: '…' },
  ],
  summary: '…',
};

describe('event data shapes', () => {
  it("accepts every trigger's own samples: the sample event and the sample for a default config", () => {
    for (const trigger of triggers) {
      expect(catalog.eventDataIssues(trigger.type, trigger.sampleEvent), trigger.type).toEqual([]);
      const defaults = catalog.parseConfig(trigger, {});
      if (!defaults.ok) throw new Error(`${trigger.type} has no default config`);
      expect(catalog.eventDataIssues(trigger.type, catalog.sampleFor(trigger, defaults.config as never)), trigger.type).toEqual([]);
    }
  });

  it('declares a shape for every trigger whose data the CONTRACT documents', () => {
    const shaped = triggers.filter((trigger) => trigger.event).map((trigger) => trigger.type);
    expect(shaped.sort()).toEqual(['call.completed', 'call.function', 'conversation.ended', 'conversation.started', 'whatsapp.campaign', 'whatsapp.message_received']);
  });

  it('names a campaign event\'s fields of the wrong type', () => {
    expect(fields('whatsapp.campaign', { contact: { phone: '+4915112345678', tags: 'vip', attributes: [] }, parameters: 'x' }).sort()).toEqual(['contact.attributes', 'contact.tags', 'parameters']);
  });

  it('accepts the CONTRACT example, unknown keys, nulls and what platforms vary in', () => {
    expect(fields('call.completed', contractCall)).toEqual([]);
    expect(fields('call.completed', { call: {} })).toEqual([]);
    expect(fields('call.completed', { ...contractCall, extra: { any: 1 }, call: { ...contractCall.call, recordingUrl: 'https://x', durationSeconds: '71' } })).toEqual([]);
    expect(fields('call.completed', { call: { durationSeconds: 0, startedAt: 1763650931000 }, customer: { phone: '+1', email: null }, transcript: 'agent: hi\nuser: hello' })).toEqual([]);
    expect(fields('call.completed', { call: { id: 'c1' }, transcript: [{ role: 'agent', text: 'Hi', at: '2026-11-20T15:02:11Z' }] })).toEqual([]);
  });

  it('names each field of call.completed data whose type is wrong', () => {
    expect(fields('call.completed', {})).toEqual(['call']);
    expect(fields('call.completed', { call: 'c1' })).toEqual(['call']);
    const bad = {
      call: { durationSeconds: -5, to: 14155551234 },
      customer: { phone: 14155551234 },
      agent: 'Riya',
      variables: ['a'],
      metadata: 'website',
      transcript: [{ role: 'agent', text: 'Hi' }, { role: 'customer', text: 42 }, 'hello'],
      summary: { text: 'x' },
    };
    expect(fields('call.completed', bad).sort()).toEqual(
      ['agent', 'call.durationSeconds', 'call.to', 'customer.phone', 'metadata', 'summary', 'transcript.1.text', 'transcript.2', 'variables'].sort(),
    );
    expect(fields('call.completed', { call: { durationSeconds: 'two minutes' } })).toEqual(['call.durationSeconds']);
    expect(fields('call.completed', { call: { durationSeconds: true } })).toEqual(['call.durationSeconds']);
    expect(fields('call.completed', { call: {}, transcript: 5 })).toEqual(['transcript']);
    expect(catalog.eventDataIssues('call.completed', { call: { durationSeconds: -1 } })[0]!.message).toMatch(/0 or more/);
  });

  it('types the fields of message, conversation and function events without requiring them', () => {
    expect(fields('whatsapp.message_received', {})).toEqual([]);
    expect(fields('whatsapp.message_received', { from: 14155551234, text: ['hi'] }).sort()).toEqual(['from', 'text']);
    expect(fields('conversation.started', { firstMessage: {} })).toEqual(['firstMessage']);
    expect(fields('conversation.ended', { customer: [], messages: {}, variables: 'x', transcript: [{ text: 1 }] }).sort()).toEqual(['customer', 'messages', 'transcript.0.text', 'variables']);
    expect(fields('call.function', { callId: 'c1', arguments: { amount: 5 } })).toEqual([]);
    expect(fields('call.function', { callId: 7, arguments: [1], customer: 'Alex' }).sort()).toEqual(['arguments', 'callId', 'customer']);
  });

  it('takes any object for triggers without a documented shape', () => {
    for (const type of ['manual', 'webhook.received', 'schedule.cron']) expect(fields(type, { anything: [1, { deep: true }] })).toEqual([]);
    expect(fields('no.such_type', { call: 5 })).toEqual([]);
  });

  it('keeps the shape on the trigger definition, where the engine reads it', () => {
    expect(callCompleted.event?.safeParse(contractCall).success).toBe(true);
  });
});
