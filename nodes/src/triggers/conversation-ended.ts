import { defineTrigger } from '../sdk/define';
import { condition, connection } from '../sdk/fields';
import { aiConditionVerdict, conditionVerdict } from '../sdk/match';
import { customer, instant, record, text, transcript } from './event-fields';
import { fromSender, otherSender, sampleCustomer, sampleMessage, senderFilter, z } from './whatsapp-events';

const config = z.object({
  connectionId: senderFilter(),
  inactivityMinutes: z
    .number()
    .positive('inactivityMinutes must be more than 0')
    .max(7 * 24 * 60, 'inactivityMinutes can be a week at most')
    .default(30)
    .describe('A conversation ends after this many minutes without a message from the customer (when several flows listen, the shortest wins)'),
  conditions: condition('Start only when all of these hold, e.g. the extracted variable resolved equals false').optional(),
  aiCondition: z
    .string()
    .optional()
    .describe('A question the AI answers from the transcript; the flow starts only when the answer is yes. Example: "Was the customer left without an answer?"'),
  aiConnectionId: connection('ai', 'The AI connection that judges the AI condition; the workspace default when none is chosen').optional(),
});

/** What an ended conversation's event carries (CONTRACT "Event data"); nothing required, as for the message events. */
const event = z.looseObject({
  connectionId: text('connectionId'),
  conversationId: text('conversationId'),
  customer,
  reason: text('reason'),
  startedAt: instant('startedAt'),
  endedAt: instant('endedAt'),
  transcript,
  messages: z.array(z.unknown(), { error: 'messages must be a list' }).nullish(),
  variables: record('variables'),
});

export const conversationEnded = defineTrigger({
  type: 'conversation.ended',
  typeVersion: 1,
  title: 'WhatsApp conversation ended',
  description: 'Starts the flow when a conversation goes quiet or is closed by hand, with the whole transcript: sync it to your CRM, send a survey, alert your team.',
  category: 'Triggers',
  icon: 'message-square-off',
  config,
  event,
  sampleEvent: {
    connectionId: sampleMessage.connectionId,
    conversationId: sampleMessage.conversationId,
    customer: sampleCustomer,
    reason: 'inactivity',
    startedAt: '2026-11-21T09:30:00.000Z',
    endedAt: '2026-11-21T10:05:00.000Z',
    inactivityMinutes: 30,
    messageCount: 3,
    transcript: [
      { role: 'customer', text: sampleMessage.text, at: '2026-11-21T09:30:00.000Z' },
      { role: 'agent', text: 'Of course! Friday at 10:30 works. Shall I book it?', at: '2026-11-21T09:30:20.000Z' },
      { role: 'customer', text: 'Yes please, thanks!', at: '2026-11-21T09:35:00.000Z' },
    ],
    messages: [],
    variables: {},
  },
  requiredConditions: (config) => config.conditions,
  async matches(event, config, ctx) {
    if (!fromSender(event.data, config.connectionId)) return otherSender(event.data, config.connectionId);
    return conditionVerdict(config.conditions, ctx) ?? (await aiConditionVerdict(config.aiCondition, config.aiConnectionId, ctx)) ?? true;
  },
});
