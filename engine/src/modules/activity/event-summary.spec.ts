import { describe, expect, it } from 'vitest';
import { callCompleted, conversationEnded, whatsappMessageReceived } from '@switchboard/nodes';
import { eventPhone, eventSummary } from './event-summary';

describe('eventSummary', () => {
  it('says who called, whether the call connected and how long it lasted', () => {
    const inbound = { call: { direction: 'inbound', durationSeconds: 125 }, customer: { name: 'Alex Carter', phone: '+14155551234' } };
    expect(eventSummary('call.completed', inbound)).toBe('Call from Alex Carter (+14155551234), connected, 2:05');
    expect(eventSummary('call.completed', { call: { direction: 'outbound', durationSeconds: 0, to: '+14155551234' } })).toBe('Call to +14155551234, not connected');
    expect(eventSummary('call.completed', { call: { durationSeconds: '3725' } })).toBe('Call from an unknown number, connected, 1:02:05');
    expect(eventSummary('call.completed', callCompleted.sampleEvent)).toBe('Call to Alex Morgan (+14155551234), connected, 2:05');
  });

  it('quotes the first words of a message', () => {
    expect(eventSummary('whatsapp.message_received', { from: '+14155551234', text: 'Can I move my appointment to Friday morning please?' })).toBe(
      "WhatsApp from +14155551234: 'Can I move my appointment to Friday morn…'",
    );
    expect(eventSummary('whatsapp.message_received', whatsappMessageReceived.sampleEvent)).toBe("WhatsApp from Alex Morgan (+14155551234): 'Hi, can I move my appointment to Friday?'");
  });

  it('summarises the other events, and any event without data', () => {
    expect(eventSummary('conversation.ended', conversationEnded.sampleEvent)).toBe('Conversation with Alex Morgan (+14155551234) ended (inactive), 3 messages');
    expect(eventSummary('webhook.received', { path: 'orders' })).toBe('Webhook /orders received');
    expect(eventSummary('crm.updated', {})).toBe('Event crm.updated');
    expect(eventSummary('call.completed', {})).toBe('Call (its details were erased or not given)');
  });

  it('finds the customer phone of calls and of messages', () => {
    expect(eventPhone({ customer: { phone: '+14155551234' } })).toBe('+14155551234');
    expect(eventPhone({ from: '+14155550000' })).toBe('+14155550000');
    expect(eventPhone({})).toBeUndefined();
  });
});
