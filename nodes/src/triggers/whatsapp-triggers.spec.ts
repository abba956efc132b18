import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { conversationEnded } from './conversation-ended';
import { conversationStarted } from './conversation-started';
import { whatsappMessageReceived } from './whatsapp-message-received';
import { sampleMessage } from './whatsapp-events';
import { evaluateCondition } from '@switchboard/shared';

const event = (type: string, data: Record<string, unknown>) => ({ type, id: 'e1', occurredAt: '2026-11-21T09:30:00Z', data });
const ctxFor = (data: Record<string, unknown>) => {
  const context = { trigger: data };
  return { context, evaluate: (rule: unknown) => evaluateCondition(rule, context) };
};
const parse = (definition: Parameters<typeof catalog.parseConfig>[0], config: Record<string, unknown>) => {
  const parsed = catalog.parseConfig(definition, config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config as never;
};

describe('WhatsApp triggers', () => {
  it('whatsapp.message_received listens to one sender or all, with AND conditions', async () => {
    const data = { ...sampleMessage };
    const matches = (config: Record<string, unknown>) => whatsappMessageReceived.matches(event('whatsapp.message_received', data), parse(whatsappMessageReceived, config), ctxFor(data));
    expect(await matches({})).toBe(true);
    expect(await matches({ connectionId: sampleMessage.connectionId })).toBe(true);
    expect(await matches({ connectionId: '00000000-0000-4000-8000-00000000ffff' })).toBe(false);
    expect(await matches({ conditions: { and: [{ in: ['Friday', { var: 'trigger.text' }] }] } })).toBe(true);
    expect(await matches({ conditions: { and: [{ in: ['Friday', { var: 'trigger.text' }] }, { '==': [{ var: 'trigger.name' }, 'Sam'] }] } })).toBe(false);
  });

  it('conversation.started filters by sender', async () => {
    const data = { ...sampleMessage, firstMessage: 'hi' };
    expect(await conversationStarted.matches(event('conversation.started', data), parse(conversationStarted, {}), ctxFor(data))).toBe(true);
    expect(await conversationStarted.matches(event('conversation.started', data), parse(conversationStarted, { connectionId: 'other' }), ctxFor(data))).toBe(false);
  });

  it('conversation.ended defaults to 30 minutes, takes fractions, refuses zero, and checks conditions and the AI question', async () => {
    expect(parse(conversationEnded, {})).toMatchObject({ inactivityMinutes: 30 });
    expect(parse(conversationEnded, { inactivityMinutes: 0.5 })).toMatchObject({ inactivityMinutes: 0.5 });
    expect(catalog.parseConfig(conversationEnded, { inactivityMinutes: 0 }).ok).toBe(false);
    const data = conversationEnded.sampleEvent;
    const ctx = ctxFor(data);
    const ended = event('conversation.ended', data);
    expect(await conversationEnded.matches(ended, parse(conversationEnded, { conditions: { '==': [{ var: 'trigger.reason' }, 'inactivity'] } }), ctx)).toBe(true);
    expect(await conversationEnded.matches(ended, parse(conversationEnded, { conditions: { '==': [{ var: 'trigger.reason' }, 'closed'] } }), ctx)).toBe(false);
    const asked: string[] = [];
    const judged = await conversationEnded.matches(ended, parse(conversationEnded, { aiCondition: 'Was the customer left waiting?' }), {
      ...ctx,
      judge: async (question) => (asked.push(question), false),
    });
    expect(judged).toBe(false);
    expect(asked).toEqual(['Was the customer left waiting?']);
  });
});
