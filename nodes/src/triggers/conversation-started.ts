import { defineTrigger } from '../sdk/define';
import { text } from './event-fields';
import { fromSender, messageFields, otherSender, sampleMessage, senderFilter, z } from './whatsapp-events';

const config = z.object({ connectionId: senderFilter() });

export const conversationStarted = defineTrigger({
  type: 'conversation.started',
  typeVersion: 1,
  title: 'WhatsApp conversation started',
  description: 'Starts the flow when a customer writes for the first time in a new conversation: greet them, look them up in your CRM.',
  category: 'Triggers',
  icon: 'messages-square',
  config,
  event: z.looseObject({ ...messageFields, firstMessage: text('firstMessage') }),
  sampleEvent: { ...sampleMessage, firstMessage: sampleMessage.text },
  matches: (event, config) => fromSender(event.data, config.connectionId) || otherSender(event.data, config.connectionId),
});
