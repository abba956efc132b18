import type { FlowView, MessageView } from '../../api/types';

export const DEFAULT_CUSTOMER_PHONE = '+14155550100';

/**
 * The number as the engine stores it, for matching messages: spaces, dashes, dots and
 * brackets dropped, a leading 00 read as +. (The engine validates it properly on send.)
 *
 * @example normalizeCustomerPhone('+1 (415) 555-0100') // "+14155550100"
 */
export function normalizeCustomerPhone(input: string): string {
  let phone = input.trim().replace(/[\s().-]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  return phone;
}

/** Whether it looks enough like an international number to ask the engine about it. */
export function looksLikePhone(phone: string): boolean {
  return /^\+\d{6,15}$/.test(phone);
}

/**
 * Every message between this customer and the sender, oldest first: the newest conversation's
 * messages plus the sender's recent messages to or from the customer — templates a flow sent
 * before the customer ever wrote belong to no conversation but are on the phone all the same.
 */
export function mergeChat(conversationMessages: readonly MessageView[], senderMessages: readonly MessageView[], customer: string): MessageView[] {
  const byId = new Map<string, MessageView>();
  for (const message of senderMessages) if (message.customer === customer) byId.set(message.id, message);
  for (const message of conversationMessages) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.direction === 'inbound' ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}

export type ChatItem = { kind: 'message'; message: MessageView } | { kind: 'divider'; key: string; text: string; at: string };

/** The chat as drawn: messages, with a divider where a new conversation begins. */
export function chatItems(messages: readonly MessageView[]): ChatItem[] {
  const items: ChatItem[] = [];
  let conversation: string | null = null;
  for (const message of messages) {
    if (message.conversationId && message.conversationId !== conversation) {
      if (conversation !== null || items.length > 0) items.push({ kind: 'divider', key: `start-${message.conversationId}`, text: 'New conversation', at: message.createdAt });
      conversation = message.conversationId;
    }
    items.push({ kind: 'message', message });
  }
  return items;
}

const CHAT_TRIGGERS = new Set(['whatsapp.message_received', 'conversation.started', 'conversation.ended']);

/** Published flows whose trigger listens to this sender's chats (any sender, or this one). */
export function listeningFlows(flows: readonly FlowView[], connectionId: string): FlowView[] {
  return flows.filter((flow) => {
    if (flow.status !== 'published' || !flow.triggerType || !CHAT_TRIGGERS.has(flow.triggerType)) return false;
    const trigger = flow.graph.nodes.find((node) => node.type === flow.triggerType);
    const sender = trigger?.config.connectionId;
    return !sender || sender === connectionId;
  });
}

/** The sandbox's customers, newest message first (the engine sends them so; a poll may not). */
export function customersNewestFirst<T extends { lastMessageAt: string }>(customers: readonly T[]): T[] {
  return [...customers].sort((a, b) => Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt));
}

/**
 * Whose chat opens: the one the link named (`?phone=`), else the one picked, else the newest
 * customer, else the default number (an empty sandbox: write first as a new customer).
 */
export function initialCustomerPhone(linked: string | undefined, customers: ReadonlyArray<{ phone: string }>): string {
  if (linked) return normalizeCustomerPhone(linked);
  return customers[0]?.phone ?? DEFAULT_CUSTOMER_PHONE;
}
