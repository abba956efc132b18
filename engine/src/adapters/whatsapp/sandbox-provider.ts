import { randomUUID } from 'node:crypto';
import type { MetaTemplateDefinition, SandboxTemplateConfig } from '@switchboard/shared';
import type { SendContactRequest, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, SendTemplateRequest, SendTextRequest } from '@switchboard/nodes';
import type { ResolvedConnection } from '../../modules/connections/connections.service';
import type { ProviderSendResult, ProviderTemplate, SendOrigin, SubmittedTemplate, WhatsAppProvider } from './whatsapp-provider';

/** The templates a sandbox sender offers unless its connection lists its own: the seeds' examples. */
export const DEFAULT_SANDBOX_TEMPLATES: SandboxTemplateConfig[] = [
  {
    name: 'appointment_confirmation',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    body: "Hi {{1}}, your appointment is confirmed for {{2}} at {{3}}.\n\nWe'll see you then!\nReply CANCEL to cancel.",
  },
  {
    name: 'appointment_reminder',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    body: 'Hi {{1}}, your appointment with {{2}} is confirmed for {{3}}.\n\nLocation: {{4}}',
  },
  {
    name: 'satisfaction_survey',
    language: 'en',
    category: 'MARKETING',
    status: 'APPROVED',
    body: 'Thanks for speaking with us, {{1}}!\n\nPlease rate your experience: https://example.com/survey',
  },
  { name: 'follow_up', language: 'en', category: 'MARKETING', status: 'APPROVED', body: 'Hi {{1}}, thanks for your interest! Reply to this message and we will get back to you.' },
  { name: 'callback_request', language: 'en', category: 'UTILITY', status: 'APPROVED', body: 'Hi {{1}}, we got your request and will call you back shortly.' },
  // Seed 001's in-call functions: what an agent sends while the customer is still on the line.
  {
    name: 'otp_code',
    language: 'en',
    category: 'AUTHENTICATION',
    status: 'APPROVED',
    body: '{{1}} is your verification code. For your security, do not share this code.',
  },
  {
    name: 'payment_link',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    body: 'Your payment of {{1}} is ready. Pay securely here: {{2}}\n\nThe link is valid for 24 hours.',
  },
  {
    name: 'reference_number',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    body: 'Hi {{1}}, your reference number is {{2}}. Please keep it for any follow-up.',
  },
];

/**
 * The sandbox sender: no account, no network. Storing the message is the delivery (the
 * gateway's claim, marked `local`), so it is exactly once by construction. Its templates are
 * the connection's `templates` or the defaults above.
 */
export class SandboxProvider implements WhatsAppProvider {
  /** The claim is the send: the gateway stores the message as delivered at once. */
  readonly local = true;

  /** `templateApprovalMs`: how long the sandbox's "review" of a new template takes (`SANDBOX_TEMPLATE_APPROVAL_MS`). */
  constructor(private readonly options: { templateApprovalMs: number } = { templateApprovalMs: 5_000 }) {}

  /**
   * Accepts every template that passed validation as PENDING and approves it after the
   * configured delay, so the whole cycle can be tried without an account. The approval is an
   * instant stored with the template, not a timer: it survives a restart.
   */
  async createTemplate(_connection: ResolvedConnection, definition: MetaTemplateDefinition): Promise<SubmittedTemplate> {
    return { externalId: `sandbox.${randomUUID()}`, status: 'PENDING', category: definition.category, autoApproveAt: new Date(Date.now() + this.options.templateApprovalMs) };
  }

  async sendTemplate(_connection: ResolvedConnection, _request: SendTemplateRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return { providerMessageId: sandboxMessageId(origin), status: 'delivered' };
  }

  async sendText(_connection: ResolvedConnection, _request: SendTextRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return { providerMessageId: sandboxMessageId(origin), status: 'delivered' };
  }

  /** Stored as its text rendering (the gateway's), which the simulator shows. */
  async sendInteractive(_connection: ResolvedConnection, _request: SendInteractiveRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return { providerMessageId: sandboxMessageId(origin), status: 'delivered' };
  }

  async sendMedia(_connection: ResolvedConnection, _request: SendMediaRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return { providerMessageId: sandboxMessageId(origin), status: 'delivered' };
  }

  async sendLocation(_connection: ResolvedConnection, _request: SendLocationRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return { providerMessageId: sandboxMessageId(origin), status: 'delivered' };
  }

  async sendContact(_connection: ResolvedConnection, _request: SendContactRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return { providerMessageId: sandboxMessageId(origin), status: 'delivered' };
  }

  async listTemplates(connection: ResolvedConnection): Promise<ProviderTemplate[]> {
    const templates = (connection.config.templates as SandboxTemplateConfig[] | undefined) ?? DEFAULT_SANDBOX_TEMPLATES;
    return templates.map((template) => ({
      name: template.name,
      language: template.language,
      status: template.status,
      category: template.category,
      body: template.body,
      parameterFormat: 'positional',
      parameters: [...new Set([...template.body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => match[1]!))].sort((a, b) => Number(a) - Number(b)),
      externalId: null,
      components: [{ type: 'BODY', text: template.body }],
    }));
  }
}

export function sandboxMessageId(origin: SendOrigin): string {
  return `sandbox.${origin.idempotencyKey}`;
}
