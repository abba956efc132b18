import { StepError, type MetaTemplateDefinition } from '@switchboard/shared';
import type { SendContactRequest, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, SendTemplateRequest, SendTextRequest } from '@switchboard/nodes';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import type { OutboundAccess } from '../../outbound/outbound-policy';
import { requestJson, type JsonResponse, type ProviderHttpOptions } from '../http';
import type { ProviderErrorContext } from '../../../modules/connections/provider-errors';
import { factsOfPhoneNumber } from '../../../modules/connections/sender-limit-facts';
import type { ProviderSendResult, ProviderTemplate, SendOrigin, SenderHealth, SubmittedTemplate, WhatsAppProvider } from '../whatsapp-provider';
import { graphRoot, metaConfig, type MetaConfig } from './meta-config';
import { contactObject, hasLink, interactiveObject, locationObject, mediaObject, templateComponents, withoutPlus } from './meta-payloads';
import { graphError, isSuccess } from './meta-response';
import { toProviderTemplate } from './meta-templates';

/** Graph pages of templates to read at most: 50 × 100 templates is far beyond any real WABA. */
const MAX_TEMPLATE_PAGES = 50;

/**
 * The Meta WhatsApp Cloud API (Graph API) sender: `whatsapp.meta` connections.
 * Construct with `new MetaProvider()`; `timeoutMs` is for tests and slow regions.
 */
export class MetaProvider implements WhatsAppProvider {
  constructor(private readonly options: ProviderHttpOptions) {}

  async sendTemplate(connection: ResolvedConnection, request: SendTemplateRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    const components = templateComponents(request.parameters, request.header);
    const template = { name: request.template, language: { code: request.language, policy: 'deterministic' }, ...(components ? { components } : {}) };
    return this.send(connection, { ...envelope(request.to, origin), type: 'template', template }, { name: request.template, language: request.language });
  }

  async sendText(connection: ResolvedConnection, request: SendTextRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return this.send(connection, { ...envelope(request.to, origin), type: 'text', text: { body: request.text, preview_url: hasLink(request.text) } });
  }

  async sendInteractive(connection: ResolvedConnection, request: SendInteractiveRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return this.send(connection, { ...envelope(request.to, origin), type: 'interactive', interactive: interactiveObject(request) });
  }

  async sendMedia(connection: ResolvedConnection, request: SendMediaRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return this.send(connection, { ...envelope(request.to, origin), type: request.kind, [request.kind]: mediaObject(request) });
  }

  async sendLocation(connection: ResolvedConnection, request: SendLocationRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return this.send(connection, { ...envelope(request.to, origin), type: 'location', location: locationObject(request) });
  }

  async sendContact(connection: ResolvedConnection, request: SendContactRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    return this.send(connection, { ...envelope(request.to, origin), type: 'contacts', contacts: [contactObject(request.contact)] });
  }

  async listTemplates(connection: ResolvedConnection): Promise<ProviderTemplate[]> {
    const config = metaConfig(connection);
    if (!config.wabaId) throw new StepError('CONFIG_INVALID', 'the Meta connection has no WhatsApp Business Account id (wabaId), which listing templates needs');
    const first = `${graphRoot(config)}/${encodeURIComponent(config.wabaId)}/message_templates?limit=100`;
    const templates: ProviderTemplate[] = [];
    const outbound = await this.outbound(connection);
    let url: string | null = first;
    for (let page = 0; url && page < MAX_TEMPLATE_PAGES; page++) {
      const response = await this.get(config, url, outbound);
      if (!isSuccess(response)) throw graphError(response, { provider: 'meta', httpStatus: response.status });
      const body = response.body as { data?: unknown; paging?: { next?: unknown } } | null;
      for (const raw of Array.isArray(body?.data) ? body.data : []) {
        const template = toProviderTemplate(raw);
        if (template) templates.push(template);
      }
      url = nextPage(body?.paging?.next, config, url);
    }
    return templates;
  }

  /** `POST /{version}/{waba-id}/message_templates` with the definition as is; Meta answers `{ id, status, category }`. */
  async createTemplate(connection: ResolvedConnection, definition: MetaTemplateDefinition): Promise<SubmittedTemplate> {
    const config = metaConfig(connection);
    if (!config.wabaId) throw new StepError('CONFIG_INVALID', 'the Meta connection has no WhatsApp Business Account id (wabaId), which creating templates needs');
    const response = await requestJson({
      service: 'Meta',
      method: 'POST',
      url: `${graphRoot(config)}/${encodeURIComponent(config.wabaId)}/message_templates`,
      headers: { authorization: `Bearer ${config.accessToken}` },
      json: definition,
      timeoutMs: this.options.timeoutMs,
      outbound: await this.outbound(connection),
    });
    if (!isSuccess(response)) throw graphError(response, { provider: 'meta', httpStatus: response.status, template: { name: definition.name, language: definition.language } });
    const body = (response.body ?? {}) as { id?: unknown; status?: unknown; category?: unknown };
    return {
      externalId: typeof body.id === 'string' || typeof body.id === 'number' ? String(body.id) : null,
      status: typeof body.status === 'string' && body.status !== '' ? body.status.toUpperCase() : 'PENDING',
      category: typeof body.category === 'string' ? body.category.toUpperCase() : definition.category,
    };
  }

  async health(connection: ResolvedConnection): Promise<SenderHealth> {
    const config = metaConfig(connection);
    // The limits come along: the tier (Meta's current field, `messaging_limit_tier` is deprecated), throughput and quality.
    const url = `${graphRoot(config)}/${encodeURIComponent(config.phoneNumberId)}?fields=status,health_status,quality_rating,throughput,whatsapp_business_manager_messaging_limit`;
    let response: JsonResponse;
    try {
      response = await this.get(config, url, await this.outbound(connection));
    } catch (error) {
      // A refused address fails every send too, so it is worth reporting now.
      if (error instanceof StepError && error.code === 'URL_NOT_ALLOWED') throw error;
      // The health check is advisory: a slow or unreachable Graph must not stop sends.
      return { canSend: true };
    }
    if (!isSuccess(response)) {
      const error = graphError(response, { provider: 'meta', httpStatus: response.status });
      // A rejected token fails every send too, so it is worth reporting now.
      if (error.code === 'PROVIDER_AUTH') throw error;
      return { canSend: true };
    }
    const limits = factsOfPhoneNumber(response.body);
    return { ...healthOf(response.body), ...(Object.keys(limits).length > 0 ? { limits } : {}) };
  }

  private async send(connection: ResolvedConnection, payload: Record<string, unknown>, template?: ProviderErrorContext['template']): Promise<ProviderSendResult> {
    const config = metaConfig(connection);
    const response = await requestJson({
      service: 'Meta',
      method: 'POST',
      url: `${graphRoot(config)}/${encodeURIComponent(config.phoneNumberId)}/messages`,
      headers: { authorization: `Bearer ${config.accessToken}` },
      json: payload,
      timeoutMs: this.options.timeoutMs,
      outbound: await this.outbound(connection),
    });
    if (!isSuccess(response)) throw graphError(response, { provider: 'meta', httpStatus: response.status, template });
    const id = (response.body as { messages?: { id?: unknown }[] } | null)?.messages?.[0]?.id;
    if (typeof id !== 'string' || id === '') {
      // Meta accepted something but gave no wamid: sending again could deliver twice.
      throw new StepError('OUTCOME_UNKNOWN', 'Meta accepted the message but returned no message id; it may or may not have been sent', {
        details: { provider: 'meta', httpStatus: response.status, providerCode: null, providerMessage: null },
      });
    }
    return { providerMessageId: id, status: 'sent' };
  }

  private get(config: MetaConfig, url: string, outbound: OutboundAccess): Promise<JsonResponse> {
    return requestJson({ service: 'Meta', method: 'GET', url, headers: { authorization: `Bearer ${config.accessToken}` }, timeoutMs: this.options.timeoutMs, outbound });
  }

  private outbound(connection: ResolvedConnection): Promise<OutboundAccess> {
    return this.options.outbound.forWorkspace(connection.workspaceId);
  }
}

/** The fields every Cloud API send starts with; the idempotency key comes back in status webhooks. */
function envelope(to: string, origin: SendOrigin): Record<string, unknown> {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to: withoutPlus(to), biz_opaque_callback_data: origin.idempotencyKey };
}

// The bearer token goes along with every page request, so only Graph's own host is followed.
function nextPage(next: unknown, config: MetaConfig, current: string): string | null {
  if (typeof next !== 'string' || !URL.canParse(next)) return null;
  if (new URL(next).origin !== new URL(config.baseUrl).origin || next === current) return null;
  return next;
}

function healthOf(body: unknown): SenderHealth {
  const number = (body ?? {}) as { status?: unknown; health_status?: { can_send_message?: unknown; entities?: unknown } };
  if (number.health_status?.can_send_message === 'BLOCKED') {
    const why = blockingError(number.health_status.entities);
    return { canSend: false, reason: `Meta blocks sending from this WhatsApp number${why ? `: ${why}` : ''}` };
  }
  if (typeof number.status === 'string' && number.status !== 'CONNECTED') {
    return { canSend: false, reason: `the WhatsApp number's status at Meta is ${number.status}, not CONNECTED` };
  }
  return { canSend: true };
}

// health_status lists each entity (phone number, WABA, business, app) with its own errors.
function blockingError(entities: unknown): string | null {
  if (!Array.isArray(entities)) return null;
  for (const entity of entities as { can_send_message?: unknown; errors?: { error_description?: unknown }[] }[]) {
    if (entity?.can_send_message !== 'BLOCKED' || !Array.isArray(entity.errors)) continue;
    const description = entity.errors.find((error) => typeof error?.error_description === 'string')?.error_description;
    if (typeof description === 'string') return description;
  }
  return null;
}
