import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { conversationEnded } from './conversation-ended';
import { conversationStarted } from './conversation-started';
import { whatsappMessageReceived } from './whatsapp-message-received';
import { sampleMessage } from './whatsapp-events';
import { evaluateCondition } from '@switchboard/shared';
import { matchOutcome, type MatchResult } from '../sdk/match';

const matched = async (result: MatchResult | Promise<MatchResult>) => matchOutcome(await result).matched;

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
    const matches = (config: Record<string, unknown>) => matched(whatsappMessageReceived.matches(event('whatsapp.message_received', data), parse(whatsappMessageReceived, config), ctxFor(data)));
    expect(await matches({})).toBe(true);
    expect(await matches({ connectionId: sampleMessage.connectionId })).toBe(true);
    expect(await matches({ connectionId: '00000000-0000-4000-8000-00000000ffff' })).toBe(false);
    expect(await matches({ conditions: { and: [{ in: ['Friday', { var: 'trigger.text' }] }] } })).toBe(true);
    expect(await matches({ conditions: { and: [{ in: ['Friday', { var: 'trigger.text' }] }, { '==': [{ var: 'trigger.name' }, 'Sam'] }] } })).toBe(false);
  });

  it('conversation.started filters by sender', async () => {
    const data = { ...sampleMessage, firstMessage: 'hi' };
    expect(await conversationStarted.matches(event('conversation.started', data), parse(conversationStarted, {}), ctxFor(data))).toBe(true);
    expect(await matched(conversationStarted.matches(event('conversation.started', data), parse(conversationStarted, { connectionId: 'other' }), ctxFor(data)))).toBe(false);
    expect(await conversationStarted.matches(event('conversation.started', data), parse(conversationStarted, { connectionId: 'other' }), ctxFor(data))).toEqual({
      matched: false,
      reason: { code: 'SENDER_MISMATCH', message: 'the message came to another WhatsApp sender', details: { expected: 'other', actual: sampleMessage.connectionId } },
    });
  });

  it('conversation.ended defaults to 30 minutes, takes fractions, refuses zero, and checks conditions and the AI question', async () => {
    expect(parse(conversationEnded, {})).toMatchObject({ inactivityMinutes: 30 });
    expect(parse(conversationEnded, { inactivityMinutes: 0.5 })).toMatchObject({ inactivityMinutes: 0.5 });
    expect(catalog.parseConfig(conversationEnded, { inactivityMinutes: 0 }).ok).toBe(false);
    const data = conversationEnded.sampleEvent;
    const ctx = ctxFor(data);
    const ended = event('conversation.ended', data);
    expect(await conversationEnded.matches(ended, parse(conversationEnded, { conditions: { '==': [{ var: 'trigger.reason' }, 'inactivity'] } }), ctx)).toBe(true);
    expect(await conversationEnded.matches(ended, parse(conversationEnded, { conditions: { '==': [{ var: 'trigger.reason' }, 'closed'] } }), ctx)).toEqual({
      matched: false,
      reason: {
        code: 'CONDITION_FALSE',
        message: 'condition was false: trigger.reason equals "closed" (was "inactivity")',
        details: { comparisons: [{ variable: 'trigger.reason', operator: 'equals', expected: 'closed', actual: 'inactivity', holds: false }] },
      },
    });
    const asked: string[] = [];
    const judged = await conversationEnded.matches(ended, parse(conversationEnded, { aiCondition: 'Was the customer left waiting?' }), {
      ...ctx,
      judge: async (question) => (asked.push(question), false),
    });
    expect(judged).toEqual({
      matched: false,
      reason: { code: 'AI_CONDITION_FALSE', message: 'the AI answered no to "Was the customer left waiting?"', details: { question: 'Was the customer left waiting?', answer: 'no' } },
    });
    expect(asked).toEqual(['Was the customer left waiting?']);
  });

  it('whatsapp.message_received says which comparison was false, and which sender it listens to', async () => {
    const data = { ...sampleMessage };
    const other = '00000000-0000-4000-8000-00000000ffff';
    const incoming = event('whatsapp.message_received', data);
    expect(await whatsappMessageReceived.matches(incoming, parse(whatsappMessageReceived, { connectionId: other }), ctxFor(data))).toMatchObject({
      matched: false,
      reason: { code: 'SENDER_MISMATCH', details: { expected: other, actual: sampleMessage.connectionId } },
    });
    const conditions = { and: [{ in: ['Friday', { var: 'trigger.text' }] }, { '==': [{ var: 'trigger.name' }, 'Sam'] }] };
    expect(await whatsappMessageReceived.matches(incoming, parse(whatsappMessageReceived, { conditions }), ctxFor(data))).toMatchObject({
      matched: false,
      reason: {
        code: 'CONDITION_FALSE',
        details: {
          comparisons: [
            { variable: 'trigger.text', operator: 'contains', expected: 'Friday', actual: sampleMessage.text, holds: true },
            { variable: 'trigger.name', operator: 'equals', expected: 'Sam', actual: sampleMessage.name ?? null, holds: false },
          ],
        },
      },
    });
  });
});

describe('whatsapp.message_received replyIds', () => {
  const matchesWith = async (data: Record<string, unknown>, config: Record<string, unknown>) =>
    matchOutcome(await whatsappMessageReceived.matches(event('whatsapp.message_received', data), parse(whatsappMessageReceived, config), ctxFor(data)));

  it('starts only for a tap on one of the ids, and says why not for another tap or typed text', async () => {
    const tap = (id: string) => ({ ...sampleMessage, type: 'interactive', reply: { kind: 'button', id, title: id } });
    expect(await matchesWith(tap('yes'), { replyIds: ['yes', 'maybe'] })).toEqual({ matched: true });
    expect(await matchesWith(tap('no'), { replyIds: ['yes'] })).toEqual({
      matched: false,
      reason: { code: 'REPLY_MISMATCH', message: 'the customer tapped "no", not yes', details: { expected: ['yes'], actual: 'no' } },
    });
    expect(await matchesWith({ ...sampleMessage }, { replyIds: ['yes'] })).toEqual({
      matched: false,
      reason: { code: 'REPLY_MISMATCH', message: 'the message was not a tap on yes, but typed text', details: { expected: ['yes'], actual: null } },
    });
    expect(await matchesWith({ ...sampleMessage }, { replyIds: [] })).toEqual({ matched: true });
  });
});
