import { defineTrigger } from '../sdk/define';
import { condition } from '../sdk/fields';
import { conditionVerdict } from '../sdk/match';
import { fromSender, messageFields, otherSender, sampleMessage, senderFilter, z } from './whatsapp-events';

const config = z.object({
  connectionId: senderFilter(),
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
  sampleEvent: sampleMessage,
  matches(event, config, ctx) {
    if (!fromSender(event.data, config.connectionId)) return otherSender(event.data, config.connectionId);
    return conditionVerdict(config.conditions, ctx) ?? true;
  },
});
