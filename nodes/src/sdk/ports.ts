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
  /** The template's header: a media file (by link or uploaded media id) or the value of a text header's `{{1}}`. */
  header?: TemplateHeader;
}

/** A template header parameter (Meta `components[type=header].parameters[0]`). */
export type TemplateHeader =
  | { kind: 'image' | 'video' | 'document'; url?: string; mediaId?: string; filename?: string }
  | { kind: 'text'; text: string };

export interface SendTextRequest {
  connectionId: string;
  /** E.164 with `+`. */
  to: string;
  text: string;
}

/** A reply button (Meta `interactive.type: "button"`). */
export interface InteractiveButton {
  id: string;
  title: string;
}

/** A list row; its id comes back in the customer's `list_reply`. */
export interface InteractiveListRow {
  id: string;
  title: string;
  description?: string;
}

/** An interactive message: exactly one of `buttons`, `list` or `cta`, checked against Meta's limits by the node. */
export interface SendInteractiveRequest {
  connectionId: string;
  /** E.164 with `+`. */
  to: string;
  body: string;
  header?: string;
  footer?: string;
  buttons?: InteractiveButton[];
  list?: { button: string; sections: { title?: string; rows: InteractiveListRow[] }[] };
  cta?: { text: string; url: string };
}

export type MediaKind = 'image' | 'document' | 'video' | 'audio' | 'sticker';

/** A media message by public URL (Meta fetches the link) or by the id of media uploaded to (or received by) the sender: exactly one of them. */
export interface SendMediaRequest {
  connectionId: string;
  /** E.164 with `+`. */
  to: string;
  kind: MediaKind;
  url?: string;
  /** Meta's media id: uploaded with `POST /{phone-number-id}/media`, or an inbound message's `media.id` on the same sender. */
  mediaId?: string;
  /** Image, video and document only. */
  caption?: string;
  /** Documents only: the name the customer sees. */
  filename?: string;
}

/** A location pin (Meta `type: "location"`). */
export interface SendLocationRequest {
  connectionId: string;
  /** E.164 with `+`. */
  to: string;
  /** Decimal degrees, -90 to 90. */
  latitude: number;
  /** Decimal degrees, -180 to 180. */
  longitude: number;
  name?: string;
  address?: string;
}

/** One contact card (Meta `type: "contacts"`, one element of `contacts`). */
export interface ContactCard {
  name: { formattedName: string; firstName?: string; lastName?: string };
  company?: string;
  phones: { phone: string; type?: string; waId?: string }[];
  emails: { email: string; type?: string }[];
  urls: { url: string; type?: string }[];
}

export interface SendContactRequest {
  connectionId: string;
  /** E.164 with `+`. */
  to: string;
  contact: ContactCard;
}

export interface ServiceWindow {
  /** Whether free-form messages may be sent now (the customer wrote within 24 hours). */
  open: boolean;
  /** ISO date-time at which the window closes, null when the customer never wrote. */
  endsAt: string | null;
  /** A closed window in a run the customer's own message started (a reply flow): its advice differs. */
  replyFlow?: boolean;
}

export interface WhatsAppPort {
  sendTemplate(request: SendTemplateRequest): Promise<SentMessage>;
  sendText(request: SendTextRequest): Promise<SentMessage>;
  /** Free-form like text: only within the 24-hour window. */
  sendInteractive(request: SendInteractiveRequest): Promise<SentMessage>;
  sendMedia(request: SendMediaRequest): Promise<SentMessage>;
  sendLocation(request: SendLocationRequest): Promise<SentMessage>;
  sendContact(request: SendContactRequest): Promise<SentMessage>;
  /** The 24-hour customer-service window of (connection, customer). */
  serviceWindow(connectionId: string, customer: string): Promise<ServiceWindow>;
}

/** How an AI answer was produced, recorded in the step's output (the editor marks `offline` results). */
export interface AiProvenance {
  /** True when no model was configured and the offline rules answered. */
  offline: boolean;
  /** The model that answered (`gpt-4o-mini`), or `offline`. */
  model: string;
  /** Tokens the model reported; absent offline. */
  usage?: AiUsage;
}

export interface AiUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** The type of a value extracted from a transcript. Dates are `YYYY-MM-DD`, times `HH:MM` (24 h), date-times ISO 8601. */
export type AiFieldType = 'string' | 'number' | 'boolean' | 'date' | 'time' | 'datetime';

export interface AiField {
  /** snake_case, the key of the value in the result. */
  name: string;
  /** What the value is, for the model ("the date the customer booked, not the date of the call"). */
  description?: string;
  type: AiFieldType;
}

export interface AiReplyRequest {
  /** An `ai.openai_compatible` connection; the engine-wide default when absent. */
  connectionId?: string;
  /** The assistant's instructions (its persona, what it may promise). */
  assistant: string;
  /** Whose conversation this is (a phone number, an email, a CRM id): the memory is kept per identifier. */
  customerIdentifier: string;
  /** The customer's new message. */
  message: string;
  /** Facts the reply may use (`{ order_status: 'shipped' }`). */
  variables?: Record<string, unknown>;
}

export interface AiReply extends AiProvenance {
  reply: string;
  /** The AI conversation that keeps this customer's history. */
  conversationId: string;
}

export interface AiExtractRequest {
  connectionId?: string;
  /** The text to read: a transcript (`Agent: …` / `Customer: …` lines) or any text. */
  text: string;
  fields: AiField[];
  /** What relative dates ("next Tuesday") count from: the call's date. ISO 8601. */
  referenceDate?: string;
  /** IANA time zone dates and times are read in; UTC when absent. */
  timeZone?: string;
}

export interface AiExtraction extends AiProvenance {
  /** One entry per requested field; `null` when the text does not say. */
  values: Record<string, string | number | boolean | null>;
}

export interface AiDecideRequest {
  connectionId?: string;
  /** A yes/no question about the text ("Did the customer ask for a callback?"). */
  question: string;
  text: string;
}

export interface AiDecision extends AiProvenance {
  result: boolean;
  reason: string;
}

export interface AiRoutingRule {
  /** When this rule applies, in words ("the customer reports a billing problem"). */
  when: string;
  /** Addresses (or other recipients) the rule sends to. */
  to: string[];
}

export interface AiRouteRequest {
  connectionId?: string;
  text: string;
  rules: AiRoutingRule[];
}

export interface AiRouting extends AiProvenance {
  /** The index of the first rule that applies, or null when none does. */
  rule: number | null;
  reason: string;
}

/** Language-model work: replies with memory, extraction, yes/no decisions, routing (DESIGN "AI"). */
export interface AiPort {
  reply(request: AiReplyRequest): Promise<AiReply>;
  extract(request: AiExtractRequest): Promise<AiExtraction>;
  decide(request: AiDecideRequest): Promise<AiDecision>;
  route(request: AiRouteRequest): Promise<AiRouting>;
}

export interface EmailRequest {
  /** An `smtp` connection; `SMTP_URL` when absent, else the mail is captured (`GET /api/emails`). */
  connectionId?: string;
  /** Valid addresses, at least one. */
  to: string[];
  subject: string;
  html: string;
}

export interface SentEmail {
  /** Switchboard's id of the stored email. */
  emailId: string;
  /** The SMTP Message-ID. */
  messageId: string;
  to: string[];
  /** `captured` when no SMTP server is configured. */
  delivery: 'sent' | 'captured';
}

export interface EmailPort {
  send(request: EmailRequest): Promise<SentEmail>;
}

export type TaskPriority = 'low' | 'medium' | 'high' | 'urgent';

export interface TaskRequest {
  title: string;
  description: string;
  priority: TaskPriority;
  assignee?: string;
  /** The conversation the task is about (a WhatsApp conversation id or a call id). */
  conversationId?: string;
}

export interface TasksPort {
  create(request: TaskRequest): Promise<{ taskId: string }>;
}

export interface AlertRequest {
  message: string;
  /** `all` team members, or the chosen ones (names or emails). */
  recipients: 'all' | string[];
}

export interface AlertsPort {
  raise(request: AlertRequest): Promise<{ alertId: string }>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  /** Sent as is; a JSON body should come with `content-type: application/json`. */
  body?: string;
  timeoutMs: number;
  /** `auto`: JSON when the response says so, else text. */
  responseType: 'auto' | 'json' | 'text';
  /** An `http.header` connection whose secret header is added (so the secret is never in the flow). */
  authConnectionId?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Outbound HTTP: private, loopback and link-local addresses refused unless the workspace allows the host. */
export interface HttpPort {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** What a `flow.respond` step answers the caller that waits on the run. */
export interface CallerAnswer {
  /** The HTTP status the caller gets, 200–599. */
  status: number;
  /** JSON (an object, a list, a number…) or text. */
  body: unknown;
}

/**
 * The caller waiting on this run, if any: a voice agent that invoked an in-call function
 * (`POST /api/functions/:name/invoke`) or a webhook caller whose flow answers. The first
 * answer reaches it; later ones, or an answer nobody waits for (a test run, a caller that
 * gave up), change nothing. Never fails the step: the answer is also the step's stored output.
 */
export interface CallerPort {
  respond(answer: CallerAnswer): Promise<void>;
}

/** A change to one contact: tags added and removed, attributes merged (`null` deletes one). */
export interface ContactUpdate {
  phone: string;
  addTags: string[];
  removeTags: string[];
  attributes: Record<string, string | number | boolean | null>;
}

/** The workspace's contacts: their tags and attributes select campaign audiences. */
export interface ContactsPort {
  update(request: ContactUpdate): Promise<{ phone: string; tags: string[]; attributes: Record<string, unknown> }>;
}

export interface NodePorts {
  whatsapp: WhatsAppPort;
  http: HttpPort;
  ai: AiPort;
  email: EmailPort;
  tasks: TasksPort;
  alerts: AlertsPort;
  caller: CallerPort;
  contacts: ContactsPort;
}
