import { isEmptyCondition } from '@switchboard/shared';
import { defineTrigger } from '../sdk/define';
import { condition } from '../sdk/fields';
import { fromSender, messageFields, sampleMessage, senderFilter, z } from './whatsapp-events';

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
    if (!fromSender(event.data, config.connectionId)) return false;
    return isEmptyCondition(config.conditions) || ctx.evaluate(config.conditions);
  },
});
