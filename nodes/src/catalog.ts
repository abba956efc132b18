import { NodeCatalog } from './sdk/catalog';
import type { NodeDefinition } from './sdk/define';
import { branch } from './flow/branch';
import { delay } from './flow/delay';
import { set } from './flow/set';
import { loop } from './flow/loop';
import { respond } from './flow/respond';
import { waitForReply } from './flow/wait-for-reply';
import { callCompleted } from './triggers/call-completed';
import { conversationEnded } from './triggers/conversation-ended';
import { conversationStarted } from './triggers/conversation-started';
import { whatsappMessageReceived } from './triggers/whatsapp-message-received';
import { manual } from './triggers/manual';
import { webhookReceived } from './triggers/webhook-received';
import { scheduleCron } from './triggers/schedule-cron';
import { callFunction } from './triggers/call-function';
import { whatsappCampaign } from './triggers/whatsapp-campaign';
import { decide } from './ai/decide';
import { extract } from './ai/extract';
import { generateReply } from './ai/generate-reply';
import { alertTeam } from './notify/alert-team';
import { createTask } from './notify/create-task';
import { sendEmail } from './notify/send-email';
import { updateContact } from './contact/update-contact';
import { httpRequest } from './http/request';
import { sendTemplate } from './whatsapp/send-template';
import { sendText } from './whatsapp/send-text';
import { sendInteractive } from './whatsapp/send-interactive';
import { sendMedia } from './whatsapp/send-media';
import { sendLocation } from './whatsapp/send-location';
import { sendContact } from './whatsapp/send-contact';

/** Every node type and version Switchboard ships; a new node is one file plus one line here. */
export const nodeDefinitions: readonly NodeDefinition[] = [
  callCompleted,
  whatsappMessageReceived,
  conversationStarted,
  conversationEnded,
  manual,
  webhookReceived,
  scheduleCron,
  callFunction,
  whatsappCampaign,
  delay,
  branch,
  set,
  waitForReply,
  loop,
  respond,
  sendTemplate,
  sendText,
  sendInteractive,
  sendMedia,
  sendLocation,
  sendContact,
  generateReply,
  extract,
  decide,
  sendEmail,
  createTask,
  alertTeam,
  updateContact,
  httpRequest,
];

export const catalog = new NodeCatalog(nodeDefinitions);
