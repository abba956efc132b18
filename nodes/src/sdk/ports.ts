/**
 * Ports: the side effects a node may ask for. Nodes never touch the database, Redis or the
 * network; the engine binds one instance of each port to the step it runs, so every call
 * carries the step's idempotency key without the node having to pass it.
 */

export interface SentMessage {
  /** Switchboard's id of the stored message. */
  messageId: string;
  /** The provider's id (Meta's `wamid…`); the sandbox makes one up. */
  providerMessageId: string;
  /** The recipient in E.164. */
  to: string;
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
}

export interface SendTemplateRequest {
  connectionId: string;
  /** E.164 with `+`. */
  to: string;
  template: string;
  language: string;
  /** Positional parameters for `{{1}}`…, or named ones for named templates. */
  parameters: string[] | Record<string, string>;
  recipientName?: string;
}

export interface SendTextRequest {
  connectionId: string;
  /** E.164 with `+`. */
  to: string;
  text: string;
}

export interface ServiceWindow {
  /** Whether free-form messages may be sent now (the customer wrote within 24 hours). */
  open: boolean;
  /** ISO date-time at which the window closes, null when the customer never wrote. */
  endsAt: string | null;
}

export interface WhatsAppPort {
  sendTemplate(request: SendTemplateRequest): Promise<SentMessage>;
  sendText(request: SendTextRequest): Promise<SentMessage>;
  /** The 24-hour customer-service window of (connection, customer). */
  serviceWindow(connectionId: string, customer: string): Promise<ServiceWindow>;
}

export interface NodePorts {
  whatsapp: WhatsAppPort;
}
