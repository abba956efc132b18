import { defineTrigger } from '../sdk/define';
import { condition, plainText } from '../sdk/fields';
import { conditionVerdict, notMatched } from '../sdk/match';
import { fromSender, messageFields, otherSender, sampleMessageWithContent, senderFilter, z } from './whatsapp-events';

const config = z.object({
  connectionId: senderFilter(),
  replyIds: z
    .array(plainText('The id of a button or list row, e.g. yes', { required: true }))
    .optional()
    .describe("Start only when the customer taps one of these buttons or list rows (their ids, as sent by \"Send WhatsApp buttons or list\" or a template's quick-reply payload); leave empty for every message"),
  conditions: condition('Start only when all of these hold, e.g. the message text contains "appointment"').optional(),
});

export const whatsappMessageReceived = defineTrigger({
  type: 'whatsapp.message_received',
  typeVersion: 1,
  title: 'WhatsApp message received',
  description: 'Starts the flow for every message a customer sends to your WhatsApp sender: log it, answer it, alert your team.',
  category: 'Triggers',
  icon: 'message-circle',
  config,
  event: z.looseObject(messageFields),
  sampleEvent: sampleMessageWithContent,
  requiredConditions: (config) => config.conditions,
  matches(event, config, ctx) {
    if (!fromSender(event.data, config.connectionId)) return otherSender(event.data, config.connectionId);
    const expected = (config.replyIds ?? []).map((id) => id.trim()).filter((id) => id !== '');
    if (expected.length > 0) {
      const reply = event.data.reply as { id?: unknown } | null | undefined;
      const actual = typeof reply?.id === 'string' ? reply.id : null;
      if (actual === null || !expected.includes(actual)) {
        const message = actual === null ? `the message was not a tap on ${expected.join(' or ')}, but typed text` : `the customer tapped "${actual}", not ${expected.join(' or ')}`;
        return notMatched('REPLY_MISMATCH', message, { expected, actual });
      }
    }
    return conditionVerdict(config.conditions, ctx) ?? true;
  },
});
