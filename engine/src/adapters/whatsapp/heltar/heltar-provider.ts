import { StepError } from '@switchboard/shared';
import type { SendContactRequest, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, SendTemplateRequest, SendTextRequest } from '@switchboard/nodes';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import { requestJson, type ProviderHttpOptions } from '../http';
import { templateComponents, withoutPlus } from '../meta/meta-payloads';
import { toProviderTemplate } from '../meta/meta-templates';
import type { ProviderErrorContext } from '../../../modules/connections/provider-errors';
import type { ProviderSendResult, ProviderTemplate, SendOrigin, WhatsAppProvider } from '../whatsapp-provider';
import { heltarConfig } from './heltar-config';
import { heltarError, heltarSendResult } from './heltar-response';

/**
 * The Heltar sender (`whatsapp.heltar`): Heltar's own send API in front of Meta's Cloud API,
 * whose template `variables` and error codes are Meta's. Construct with `new HeltarProvider()`.
 */
export class HeltarProvider implements WhatsAppProvider {
  constructor(private readonly options: ProviderHttpOptions) {}

  sendTemplate(connection: ResolvedConnection, request: SendTemplateRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    // `variables` are Meta's `components` (reference/whatsapp.md §4), a media header included.
    const variables = templateComponents(request.parameters, request.header);
    const message = {
      clientWaNumber: withoutPlus(request.to),
      messageType: 'template',
      templateName: request.template,
      languageCode: request.language,
      ...(variables ? { variables } : {}),
      refId: origin.idempotencyKey,
    };
    return this.send(connection, message, origin, { name: request.template, language: request.language });
  }

  /** Not in the API this adapter speaks (reference/whatsapp.md documents no interactive body for Heltar): refused before any request. */
  async sendInteractive(_connection: ResolvedConnection, _request: SendInteractiveRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'Heltar connections cannot send buttons, lists or link buttons in Switchboard; use a Meta connection, or a template with quick-reply buttons');
  }

  /** Likewise for media messages (the reference names Heltar media sends but not their fields). */
  async sendMedia(_connection: ResolvedConnection, _request: SendMediaRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'Heltar connections cannot send images or files in Switchboard; use a Meta connection, or a template with a media header');
  }

  /** Likewise: the API this adapter speaks (reference/whatsapp.md) has no location message. */
  async sendLocation(_connection: ResolvedConnection, _request: SendLocationRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'Heltar connections cannot send locations in Switchboard: the Heltar API it speaks has no location message; use a Meta connection, or send the address as text');
  }

  /** Likewise: no contacts message in the documented API. */
  async sendContact(_connection: ResolvedConnection, _request: SendContactRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'Heltar connections cannot send contact cards in Switchboard: the Heltar API it speaks has no contacts message; use a Meta connection, or send the details as text');
  }

  sendText(connection: ResolvedConnection, request: SendTextRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    const message = { clientWaNumber: withoutPlus(request.to), messageType: 'text', message: request.text, refId: origin.idempotencyKey };
    return this.send(connection, message, origin);
  }

  async listTemplates(connection: ResolvedConnection): Promise<ProviderTemplate[]> {
    const config = heltarConfig(connection);
    const response = await requestJson({
      service: 'Heltar',
      method: 'GET',
      url: `${config.baseUrl}/v1/templates`,
      headers: { authorization: `Bearer ${config.apiKey}` },
      timeoutMs: this.options.timeoutMs,
      outbound: await this.options.outbound.forWorkspace(connection.workspaceId),
    });
    if (response.status < 200 || response.status >= 300) throw heltarError(response, { provider: 'heltar', httpStatus: response.status });
    const data = (response.body as { data?: unknown } | null)?.data;
    return (Array.isArray(data) ? data : []).map(toProviderTemplate).filter((template): template is ProviderTemplate => template !== null);
  }

  private async send(connection: ResolvedConnection, message: Record<string, unknown>, origin: SendOrigin, template?: ProviderErrorContext['template']): Promise<ProviderSendResult> {
    const config = heltarConfig(connection);
    const response = await requestJson({
      service: 'Heltar',
      method: 'POST',
      url: `${config.baseUrl}/v1/messages/send`,
      headers: { authorization: `Bearer ${config.apiKey}` },
      json: { messages: [message] },
      timeoutMs: this.options.timeoutMs,
      outbound: await this.options.outbound.forWorkspace(connection.workspaceId),
    });
    return heltarSendResult(response, { provider: 'heltar', httpStatus: response.status, template }, `heltar.${origin.idempotencyKey}`);
  }
}
