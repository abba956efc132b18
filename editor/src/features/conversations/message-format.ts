import type { ConversationView, MessageView, TemplateView } from '../../api/types';

/** A template's parameters as strings in order: positional lists as they are, named ones as `name: value`. */
export function templateParameters(parameters: unknown): string[] {
  if (Array.isArray(parameters)) return parameters.map((value) => stringify(value));
  if (parameters && typeof parameters === 'object') {
    return Object.entries(parameters as Record<string, unknown>).map(([name, value]) => `${name}: ${stringify(value)}`);
  }
  return [];
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'text' in (value as Record<string, unknown>)) return stringify((value as { text: unknown }).text);
  return JSON.stringify(value);
}

/**
 * A template's body with its `{{1}}` / `{{name}}` placeholders filled from the message's
 * parameters; a placeholder without a value stays visible so a mismatch shows.
 */
export function fillTemplate(body: string, parameters: unknown): string {
  const positional = Array.isArray(parameters) ? parameters : null;
  const named = !positional && parameters && typeof parameters === 'object' ? (parameters as Record<string, unknown>) : null;
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (placeholder, key: string) => {
    const value = positional ? (/^\d+$/.test(key) ? positional[Number(key) - 1] : undefined) : named?.[key];
    return value === undefined || value === null ? placeholder : stringify(value);
  });
}

export interface BubbleText {
  /** What the bubble says. */
  text: string;
  /** The template's name, when the message is one. */
  template: string | null;
  /** For a template, `[name: param, param]`: what was sent, whether or not the body is known. */
  summary: string | null;
}

/**
 * What a chat bubble shows for a message: its text; for a template, the template's body filled
 * with the parameters when the sender's template is known, else `[name: param, param]`.
 *
 * @example bubbleText({ kind: 'template', template: 'appointment_confirmation', parameters: ['Alex', 'Nov 25'], … }) // "[appointment_confirmation: Alex, Nov 25]"
 */
export function bubbleText(message: Pick<MessageView, 'kind' | 'template' | 'language' | 'parameters' | 'text'>, templates: readonly TemplateView[] = []): BubbleText {
  if (message.kind !== 'template') return { text: message.text ?? '', template: null, summary: null };
  const name = message.template ?? 'template';
  const parameters = templateParameters(message.parameters);
  const summary = parameters.length > 0 ? `[${name}: ${parameters.join(', ')}]` : `[${name}]`;
  const known = templates.find((candidate) => candidate.name === name && (!message.language || candidate.language === message.language)) ?? templates.find((candidate) => candidate.name === name);
  return { text: known?.body ? fillTemplate(known.body, message.parameters) : summary, template: name, summary };
}

export interface Delivery {
  /** Check marks as WhatsApp draws them; empty for inbound messages. */
  ticks: '' | '✓' | '✓✓' | '!' | '⏱';
  /** The status in words, for the tooltip and screen readers. */
  label: string;
  tone: 'pending' | 'sent' | 'delivered' | 'read' | 'failed' | 'received';
}

/** An outbound message's delivery status as ticks and words (statuses of CONTRACT and the providers). */
export function delivery(message: Pick<MessageView, 'direction' | 'status'>): Delivery {
  if (message.direction === 'inbound') return { ticks: '', label: 'Received', tone: 'received' };
  switch (message.status) {
    case 'sent':
      return { ticks: '✓', label: 'Sent', tone: 'sent' };
    case 'delivered':
      return { ticks: '✓✓', label: 'Delivered', tone: 'delivered' };
    case 'read':
    case 'played':
      return { ticks: '✓✓', label: message.status === 'played' ? 'Played' : 'Read', tone: 'read' };
    case 'failed':
      return { ticks: '!', label: 'Not delivered', tone: 'failed' };
    default:
      return { ticks: '⏱', label: message.status === 'pending' ? 'Sending' : `Waiting (${message.status})`, tone: 'pending' };
  }
}

export interface WindowState {
  /** Whether a free-form reply can still be sent (within 24 hours of the customer's last message). */
  open: boolean;
  /** When the window ends (or ended), ISO, or null when the customer never wrote. */
  endsAt: string | null;
}

/** The 24-hour customer-service window of a conversation at `now`. */
export function replyWindow(conversation: Pick<ConversationView, 'windowEndsAt'>, now: number = Date.now()): WindowState {
  const endsAt = conversation.windowEndsAt;
  if (!endsAt) return { open: false, endsAt: null };
  return { open: Date.parse(endsAt) > now, endsAt };
}

/** When an open conversation closes for inactivity if the customer stays quiet (ISO), or null. */
export function inactivityEnd(conversation: Pick<ConversationView, 'status' | 'lastInboundAt' | 'inactivityMinutes'>): string | null {
  if (conversation.status !== 'open' || !conversation.lastInboundAt) return null;
  const last = Date.parse(conversation.lastInboundAt);
  return Number.isNaN(last) ? null : new Date(last + conversation.inactivityMinutes * 60_000).toISOString();
}

/** Why a conversation ended, in words. */
export function closeReasonText(reason: ConversationView['closeReason']): string {
  if (reason === 'inactivity') return 'closed after the customer went quiet';
  if (reason === 'closed') return 'closed by hand';
  return 'closed';
}

/** "Alex (+14155551234)" or the number alone. */
export function customerLabel(customer: { phone: string; name: string | null }): string {
  return customer.name ? `${customer.name} (${customer.phone})` : customer.phone;
}
