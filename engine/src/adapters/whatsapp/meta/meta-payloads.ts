import type { SendInteractiveRequest, SendMediaRequest } from '@switchboard/nodes';

/** A body parameter in Meta's format: positional, or named with `parameter_name`. */
export type MetaTextParameter = { type: 'text'; text: string } | { type: 'text'; parameter_name: string; text: string };

/** A template component in Meta's format (Heltar calls the list `variables`). */
export interface MetaBodyComponent {
  type: 'body';
  parameters: MetaTextParameter[];
}

/**
 * The `components` of a template send: one body component, positional in list order or named
 * in key order; undefined when there are no parameters (Meta rejects an empty parameter list).
 *
 * @example templateComponents(['Anna']) // [{ type: 'body', parameters: [{ type: 'text', text: 'Anna' }] }]
 */
export function templateComponents(parameters: string[] | Record<string, string>): MetaBodyComponent[] | undefined {
  const list: MetaTextParameter[] = Array.isArray(parameters)
    ? parameters.map((text) => ({ type: 'text', text }))
    : Object.entries(parameters).map(([parameter_name, text]) => ({ type: 'text', parameter_name, text }));
  return list.length === 0 ? undefined : [{ type: 'body', parameters: list }];
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

/** Meta's media object by link: `{ link, caption?, filename? }` (caption not for audio, filename for documents). */
export function mediaObject(request: SendMediaRequest): Record<string, unknown> {
  return { link: request.url, ...(request.caption ? { caption: request.caption } : {}), ...(request.filename ? { filename: request.filename } : {}) };
}
