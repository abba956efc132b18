import type { ContactCard, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, TemplateHeader } from '@switchboard/nodes';

/** A body parameter in Meta's format: positional, or named with `parameter_name`. */
export type MetaTextParameter = { type: 'text'; text: string } | { type: 'text'; parameter_name: string; text: string };

/** A template component in Meta's format (Heltar calls the list `variables`). */
export interface MetaBodyComponent {
  type: 'body';
  parameters: MetaTextParameter[];
}

/**
 * A template's header parameter: `{ type: "image", image: { link } }` (or `{ id }`, and a
 * document's `filename`), or a text header's `{ type: "text", text }` (Meta "Send media-based
 * message template"; reference/whatsapp.md §1.2).
 */
export interface MetaHeaderComponent {
  type: 'header';
  parameters: Record<string, unknown>[];
}

export type MetaTemplateComponent = MetaHeaderComponent | MetaBodyComponent;

/**
 * The `components` of a template send: the header (when given), then one body component,
 * positional in list order or named in key order; undefined when there is nothing to send
 * (Meta rejects an empty parameter list).
 *
 * @example templateComponents(['Anna']) // [{ type: 'body', parameters: [{ type: 'text', text: 'Anna' }] }]
 */
export function templateComponents(parameters: string[] | Record<string, string>, header?: TemplateHeader): MetaTemplateComponent[] | undefined {
  const list: MetaTextParameter[] = Array.isArray(parameters)
    ? parameters.map((text) => ({ type: 'text', text }))
    : Object.entries(parameters).map(([parameter_name, text]) => ({ type: 'text', parameter_name, text }));
  const components: MetaTemplateComponent[] = [];
  if (header) components.push({ type: 'header', parameters: [headerParameter(header)] });
  if (list.length > 0) components.push({ type: 'body', parameters: list });
  return components.length === 0 ? undefined : components;
}

function headerParameter(header: TemplateHeader): Record<string, unknown> {
  if (header.kind === 'text') return { type: 'text', text: header.text };
  const media = { ...(header.mediaId ? { id: header.mediaId } : { link: header.url }), ...(header.kind === 'document' && header.filename ? { filename: header.filename } : {}) };
  return { type: header.kind, [header.kind]: media };
}

/** `+4915112345678` → `4915112345678`: Meta and Heltar take the number without `+`. */
export function withoutPlus(e164: string): string {
  return e164.replace(/^\+/, '');
}

/** Whether Meta should render a link preview: the text contains an http(s) link. */
export function hasLink(text: string): boolean {
  return /https?:\/\//i.test(text);
}

/**
 * Meta's `interactive` object (Cloud API "Interactive object"): `button` with `action.buttons`
 * of `{ type: "reply", reply: { id, title } }`, `list` with `action.button` and `sections`, or
 * `cta_url` with `action.name: "cta_url"` and `parameters: { display_text, url }`. A header is
 * sent as `{ type: "text", text }`.
 */
export function interactiveObject(request: SendInteractiveRequest): Record<string, unknown> {
  const common = {
    ...(request.header ? { header: { type: 'text', text: request.header } } : {}),
    body: { text: request.body },
    ...(request.footer ? { footer: { text: request.footer } } : {}),
  };
  if (request.buttons) {
    return { type: 'button', ...common, action: { buttons: request.buttons.map(({ id, title }) => ({ type: 'reply', reply: { id, title } })) } };
  }
  if (request.list) {
    return { type: 'list', ...common, action: { button: request.list.button, sections: request.list.sections } };
  }
  const cta = request.cta!;
  return { type: 'cta_url', ...common, action: { name: 'cta_url', parameters: { display_text: cta.text, url: cta.url } } };
}

/**
 * Meta's media object: `{ link }` or `{ id }` (an uploaded or received media id), with
 * `caption?` (image, video, document) and `filename?` (document) — the node checked which apply.
 */
export function mediaObject(request: SendMediaRequest): Record<string, unknown> {
  return {
    ...(request.mediaId ? { id: request.mediaId } : { link: request.url }),
    ...(request.caption ? { caption: request.caption } : {}),
    ...(request.filename ? { filename: request.filename } : {}),
  };
}

/** Meta's `location` object: `{ latitude, longitude, name?, address? }` (decimal degrees). */
export function locationObject(request: SendLocationRequest): Record<string, unknown> {
  return { latitude: request.latitude, longitude: request.longitude, ...(request.name ? { name: request.name } : {}), ...(request.address ? { address: request.address } : {}) };
}

/** One element of Meta's `contacts` message: `name.formatted_name` required; phones, emails, urls, org optional. */
export function contactObject(card: ContactCard): Record<string, unknown> {
  const typed = <T extends Record<string, unknown>>(value: T, type?: string) => (type ? { ...value, type } : value);
  return {
    name: { formatted_name: card.name.formattedName, ...(card.name.firstName ? { first_name: card.name.firstName } : {}), ...(card.name.lastName ? { last_name: card.name.lastName } : {}) },
    ...(card.company ? { org: { company: card.company } } : {}),
    ...(card.phones.length ? { phones: card.phones.map((phone) => typed({ phone: phone.phone, ...(phone.waId ? { wa_id: phone.waId } : {}) }, phone.type)) } : {}),
    ...(card.emails.length ? { emails: card.emails.map((email) => typed({ email: email.email }, email.type)) } : {}),
    ...(card.urls.length ? { urls: card.urls.map((url) => typed({ url: url.url }, url.type)) } : {}),
  };
}
