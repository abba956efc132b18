import { StepError } from '@switchboard/shared';
import type { SendContactRequest, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, SendTemplateRequest, SendTextRequest } from '@switchboard/nodes';
import type { ResolvedConnection } from '../../../modules/connections/connections.service';
import type { OutboundAccess } from '../../outbound/outbound-policy';
import { requestJson, type JsonResponse, type ProviderHttpOptions } from '../http';
import { withoutPlus } from '../meta/meta-payloads';
import { toProviderTemplate } from '../meta/meta-templates';
import type { ProviderSendResult, ProviderTemplate, SendOrigin, WhatsAppProvider } from '../whatsapp-provider';
import { aisensyConfig, aisensyProject, type AiSensyProject } from './aisensy-config';
import { aisensyAccepted, aisensyError, aisensySendResult } from './aisensy-response';

const MAX_TEMPLATE_PAGES = 50;
const TEMPLATE_PAGE_SIZE = 100;

const BASIC_TEXT_MESSAGE = 'AiSensy Basic sends templates only: free-form text needs the Pro plan with a project id and API password';

/**
 * Whether this AiSensy connection can list templates (Pro with a project id and API password);
 * also the provider's `canListTemplates` method, which the gateway asks before `listTemplates`.
 */
export function canListTemplates(connection: ResolvedConnection): boolean {
  try {
    return aisensyProject(aisensyConfig(connection)) !== null;
  } catch {
    return false;
  }
}

/**
 * The AiSensy sender (`whatsapp.aisensy`): templates through a Live "API campaign" named like
 * the template (Campaign API, any plan); free-form text and template listing through the
 * Project API (Pro). Construct with `new AiSensyProvider()`.
 */
export class AiSensyProvider implements WhatsAppProvider {
  constructor(private readonly options: ProviderHttpOptions) {}

  async sendTemplate(connection: ResolvedConnection, request: SendTemplateRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    const media = campaignMedia(request);
    const config = aisensyConfig(connection);
    // The campaign is bound to one approved template and language, so only the values travel.
    const templateParams = Array.isArray(request.parameters) ? request.parameters : Object.values(request.parameters);
    const response = await requestJson({
      service: 'AiSensy',
      method: 'POST',
      url: `${config.baseUrl}/campaign/t1/api/v2`,
      json: {
        apiKey: config.apiKey,
        campaignName: request.template,
        destination: request.to,
        userName: request.recipientName ?? request.to,
        source: 'switchboard',
        templateParams,
        ...(media ? { media } : {}),
      },
      timeoutMs: this.options.timeoutMs,
      outbound: await this.options.outbound.forWorkspace(connection.workspaceId),
    });
    if (!aisensyAccepted(response)) throw aisensyError(response, { provider: 'aisensy', httpStatus: response.status, template: { name: request.template, language: request.language } });
    return aisensySendResult(response.body, `aisensy.${origin.idempotencyKey}`);
  }

  /** Not in the API this adapter speaks (reference/whatsapp.md documents no interactive body for AiSensy): refused before any request. */
  async sendInteractive(_connection: ResolvedConnection, _request: SendInteractiveRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'AiSensy connections cannot send buttons, lists or link buttons in Switchboard; use a Meta connection, or a template with quick-reply buttons');
  }

  /** Likewise for media messages. */
  async sendMedia(_connection: ResolvedConnection, _request: SendMediaRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'AiSensy connections cannot send images or files in Switchboard; use a Meta connection, or a template with a media header');
  }

  /** Likewise: the API this adapter speaks (reference/whatsapp.md) has no location message. */
  async sendLocation(_connection: ResolvedConnection, _request: SendLocationRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'AiSensy connections cannot send locations in Switchboard: the AiSensy API it speaks has no location message; use a Meta connection, or send the address as text');
  }

  /** Likewise: no contacts message in the documented API. */
  async sendContact(_connection: ResolvedConnection, _request: SendContactRequest): Promise<ProviderSendResult> {
    throw new StepError('CONFIG_INVALID', 'AiSensy connections cannot send contact cards in Switchboard: the AiSensy API it speaks has no contacts message; use a Meta connection, or send the details as text');
  }

  async sendText(connection: ResolvedConnection, request: SendTextRequest, origin: SendOrigin): Promise<ProviderSendResult> {
    const project = aisensyProject(aisensyConfig(connection));
    if (!project) throw new StepError('CONFIG_INVALID', BASIC_TEXT_MESSAGE);
    const response = await requestJson({
      service: 'AiSensy',
      method: 'POST',
      url: `${project.root}/messages`,
      headers: { 'x-aisensy-project-api-pwd': project.password },
      json: { to: withoutPlus(request.to), type: 'text', recipient_type: 'individual', text: { body: request.text } },
      timeoutMs: this.options.timeoutMs,
      outbound: await this.options.outbound.forWorkspace(connection.workspaceId),
    });
    if (!aisensyAccepted(response)) throw aisensyError(response, { provider: 'aisensy', httpStatus: response.status });
    return aisensySendResult(response.body, `aisensy.${origin.idempotencyKey}`);
  }

  /** Per connection, since `listTemplates` exists on the class for Basic connections too. */
  canListTemplates(connection: ResolvedConnection): boolean {
    return canListTemplates(connection);
  }

  /** Pro only: check `canListTemplates(connection)` first; a Basic connection gets `CONFIG_INVALID`. */
  async listTemplates(connection: ResolvedConnection): Promise<ProviderTemplate[]> {
    const project = aisensyProject(aisensyConfig(connection));
    if (!project) throw new StepError('CONFIG_INVALID', 'AiSensy Basic cannot list templates: listing needs the Pro plan with a project id and API password');
    const templates: ProviderTemplate[] = [];
    const seen = new Set<string>();
    const outbound = await this.options.outbound.forWorkspace(connection.workspaceId);
    let after: string | null = null;
    for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
      const response = await this.templatePage(project, after, outbound);
      if (!aisensyAccepted(response)) throw aisensyError(response, { provider: 'aisensy', httpStatus: response.status });
      const items = templateItems(response.body);
      for (const raw of items) {
        const template = toProviderTemplate(raw);
        if (template) templates.push(template);
      }
      after = afterCursor(response.body);
      // The paging format is undocumented: stop on an empty page or a cursor seen before.
      if (!after || items.length === 0 || seen.has(after)) break;
      seen.add(after);
    }
    return templates;
  }

  private templatePage(project: AiSensyProject, after: string | null, outbound: OutboundAccess): Promise<JsonResponse> {
    const query = new URLSearchParams({ limit: String(TEMPLATE_PAGE_SIZE), ...(after ? { after } : {}) });
    return requestJson({
      service: 'AiSensy',
      method: 'GET',
      url: `${project.root}/wa_template?${query.toString()}`,
      headers: { 'x-aisensy-project-api-pwd': project.password },
      timeoutMs: this.options.timeoutMs,
      outbound,
    });
  }
}

// Seen as a bare array, under `data`, or under `data.data` in third-party clients.
function templateItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const data = (body as { data?: unknown; templates?: unknown } | null)?.data ?? (body as { templates?: unknown } | null)?.templates;
  if (Array.isArray(data)) return data;
  const nested = (data as { data?: unknown } | null | undefined)?.data;
  return Array.isArray(nested) ? nested : [];
}

function afterCursor(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const root = body as { paging?: { cursors?: { after?: unknown } }; cursors?: { after?: unknown }; after?: unknown; data?: unknown };
  const data = (typeof root.data === 'object' && root.data !== null && !Array.isArray(root.data) ? root.data : {}) as typeof root;
  const cursor = [root.paging?.cursors?.after, root.cursors?.after, root.after, data.paging?.cursors?.after, data.after].find((value) => typeof value === 'string' && value !== '');
  return typeof cursor === 'string' ? cursor : null;
}

/**
 * A template's media header as the campaign API's `media: { url, filename? }` (reference/whatsapp.md §5).
 * It takes a public link only: an uploaded media id or a text header has no field there.
 */
function campaignMedia(request: SendTemplateRequest): { url: string; filename?: string } | undefined {
  const header = request.header;
  if (!header) return undefined;
  if (header.kind === 'text') throw new StepError('CONFIG_INVALID', "header: AiSensy's campaign API has no text header parameter; the campaign's template fixes its header text");
  if (!header.url) throw new StepError('CONFIG_INVALID', "header.mediaId: AiSensy's campaign API takes a media header by public link only; give header.url");
  return { url: header.url, ...(header.filename ? { filename: header.filename } : {}) };
}
