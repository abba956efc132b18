import { describe, expect, it } from 'vitest';
import { describeTrigger } from './run-trigger';

describe('describeTrigger', () => {
  it('says who a call was with, whether it connected and how long it took', () => {
    const call = { call: { direction: 'inbound', durationSeconds: 125 }, customer: { phone: '+14155551234', name: 'Alex Carter' } };
    expect(describeTrigger('call.completed', call)).toEqual({ customer: { phone: '+14155551234', name: 'Alex Carter' }, summary: 'Call from Alex Carter, connected, 2:05' });
    expect(describeTrigger('call.completed', { call: { direction: 'outbound', durationSeconds: 0 }, customer: { phone: '+14155551234' } }).summary).toBe(
      'Call to +14155551234, not connected',
    );
    expect(describeTrigger('call.completed', { call: { durationSeconds: 3725 } })).toEqual({ customer: null, summary: 'Call from an unknown number, connected, 1:02:05' });
  });

  it('quotes a WhatsApp message, cut to one line', () => {
    const long = `Hello\nthere ${'x'.repeat(100)}`;
    const described = describeTrigger('whatsapp.message_received', { from: '+4915112345678', name: 'Mia', text: long });
    expect(described.customer).toEqual({ phone: '+4915112345678', name: 'Mia' });
    expect(described.summary).toMatch(/^WhatsApp from Mia: "Hello there x+…"$/);
    expect([...described.summary].length).toBeLessThan(90);
  });

  it('names the other triggers and survives data of any shape', () => {
    expect(describeTrigger('conversation.ended', { customer: { phone: '+1', name: 'Lee' }, reason: 'inactivity' }).summary).toBe('Conversation with Lee ended after inactivity');
    expect(describeTrigger('schedule.cron', {})).toEqual({ customer: null, summary: 'Scheduled run' });
    expect(describeTrigger('call.completed', { call: 'nonsense', customer: 42 })).toEqual({ customer: null, summary: 'Call from an unknown number, not connected' });
    expect(describeTrigger('whatsapp.message_received', null)).toEqual({ customer: null, summary: 'WhatsApp from an unknown number' });
  });
});
