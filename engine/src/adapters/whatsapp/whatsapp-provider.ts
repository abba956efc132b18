import type { SendContactRequest, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, SendTemplateRequest, SendTextRequest } from '@switchboard/nodes';
import type { ResolvedConnection } from '../../modules/connections/connections.service';
import type { MetaTemplateDefinition } from '@switchboard/shared';
import type { SenderLimitFacts } from '../../modules/connections/sender-limit-facts';
import type { ProviderTemplate, SubmittedTemplate } from '../../modules/templates/provider-template';

export type { ProviderTemplate, SubmittedTemplate };

/** Who is sending: the step, for the idempotency key and the message's links. */
export interface SendOrigin {
  workspaceId: string;
  runId: string;
  nodeId: string;
  /** Run + node (+ scope): stored before the provider is called, so a retry never sends twice. */
  idempotencyKey: string;
}

/** What a provider answered to an accepted send. */
export interface ProviderSendResult {
  /** The provider's message id (Meta's `wamid…`), the key of later status webhooks. */
  providerMessageId: string;
  /** What the provider says the message is now: usually `sent` (accepted), sometimes `queued`. */
  status: 'queued' | 'sent' | 'delivered';
}

/** Whether a sender can send now (Meta's phone number status and health). */
export interface SenderHealth {
  canSend: boolean;
  /** Why not, in words a user understands. */
  reason?: string;
  /** What the provider said about the sender's limits along with its health (Meta: tier, quality, throughput). */
  limits?: SenderLimitFacts;
}

/**
 * One WhatsApp provider (Meta Cloud API, Heltar, AiSensy, the sandbox) behind the WhatsApp
 * port. Adapters speak the provider's own format and throw `StepError`s with the CONTRACT
 * codes and their retry class (see `reference/whatsapp.md` §3.1); everything else — the
 * connection, E.164, the 24-hour window, opt-outs, the template check, the send rate, the
 * idempotency claim — is the gateway's.
 */
export interface WhatsAppProvider {
  sendTemplate(connection: ResolvedConnection, request: SendTemplateRequest, origin: SendOrigin): Promise<ProviderSendResult>;
  sendText(connection: ResolvedConnection, request: SendTextRequest, origin: SendOrigin): Promise<ProviderSendResult>;
  /** Buttons, a list or a CTA link; a provider whose API has none throws a permanent `CONFIG_INVALID` saying so. */
  sendInteractive(connection: ResolvedConnection, request: SendInteractiveRequest, origin: SendOrigin): Promise<ProviderSendResult>;
  /** An image, document, video, audio or sticker by link or media id; likewise. */
  sendMedia(connection: ResolvedConnection, request: SendMediaRequest, origin: SendOrigin): Promise<ProviderSendResult>;
  /** A location pin; likewise. */
  sendLocation(connection: ResolvedConnection, request: SendLocationRequest, origin: SendOrigin): Promise<ProviderSendResult>;
  /** A contact card; likewise. */
  sendContact(connection: ResolvedConnection, request: SendContactRequest, origin: SendOrigin): Promise<ProviderSendResult>;
  /** Every template of the sender, in any status; undefined when the provider cannot list them. */
  listTemplates?(connection: ResolvedConnection): Promise<ProviderTemplate[]>;
  /** Submits a new template for review (Meta's create-template request); undefined when the provider's API has none. */
  createTemplate?(connection: ResolvedConnection, definition: MetaTemplateDefinition): Promise<SubmittedTemplate>;
  /** Whether this connection can list its templates (AiSensy Basic cannot: its campaign name is typed in). */
  canListTemplates?(connection: ResolvedConnection): boolean;
  /** Undefined when the provider has no health endpoint. */
  health?(connection: ResolvedConnection): Promise<SenderHealth>;
}
