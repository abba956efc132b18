import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import type { SendInteractiveRequest } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { recipientE164 } from './recipient';
import { closedWindowMessage } from './send-text';

/**
 * Meta's limits for interactive messages (Cloud API "Interactive object"; whatsapp-api-js
 * `Interactive`, `ActionButtons`, `ActionList`, `ActionCTA` enforce the same numbers). Checked
 * after rendering, before the window is asked or anything is sent, so a run fails with the
 * field to fix rather than Meta's error 131009 "Parameter value is not valid".
 */
export const INTERACTIVE_LIMITS = {
  body: 1024,
  header: 60,
  footer: 60,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowId: 200,
  rowDescription: 72,
  ctaText: 20,
} as const;

/** An https link with a host and no spaces (nodes run without the URL global). */
const HTTPS_URL = /^https:\/\/[^\s/?#]+[^\s]*$/i;

const text = (description: string) => templated.string(description);
/** A text with a limit the editor counts against as it is typed (`x-max-chars`; checked for real after rendering). */
const limited = (description: string, max: number) => templated.string(description).meta({ 'x-max-chars': max });

const config = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.from}}'),
  body: templated
    .string(`The message text, up to ${INTERACTIVE_LIMITS.body} characters, e.g. Can you make it on Wednesday?`, { required: true, multiline: true })
    .meta({ 'x-max-chars': INTERACTIVE_LIMITS.body }),
  header: limited(`Optional header text above the body, up to ${INTERACTIVE_LIMITS.header} characters`, INTERACTIVE_LIMITS.header).optional(),
  footer: limited(`Optional small text below the body, up to ${INTERACTIVE_LIMITS.footer} characters`, INTERACTIVE_LIMITS.footer).optional(),
  buttons: z
    .array(z.object({ id: text('What comes back when the customer taps it, e.g. yes'), title: text(`The button label, up to ${INTERACTIVE_LIMITS.buttonTitle} characters, e.g. Yes`) }))
    .optional()
    .meta({
      description: 'Reply buttons (1 to 3); a "Wait for reply" with the same ids branches on the one tapped',
      // The editor draws buttons, list and link as one choice (they are exclusive), counting against these limits.
      'x-widget': 'whatsapp-interactive',
      'x-list-field': 'list',
      'x-cta-field': 'cta',
      'x-limits': INTERACTIVE_LIMITS,
    }),
  list: z
    .object({
      button: text(`The label of the button that opens the list, up to ${INTERACTIVE_LIMITS.listButton} characters, e.g. Choose a time`),
      sections: z.array(
        z.object({
          title: text(`The section heading, up to ${INTERACTIVE_LIMITS.sectionTitle} characters`).optional(),
          rows: z.array(
            z.object({
              id: text('What comes back when the customer picks it, e.g. slot_1'),
              title: text(`The row, up to ${INTERACTIVE_LIMITS.rowTitle} characters`),
              description: text(`Optional smaller text, up to ${INTERACTIVE_LIMITS.rowDescription} characters`).optional(),
            }),
          ),
        }),
      ),
    })
    .optional()
    .describe('A list of up to 10 choices in sections, opened by a button'),
  cta: z
    .object({ text: text(`The button label, up to ${INTERACTIVE_LIMITS.ctaText} characters, e.g. Pay now`), url: text('The https link it opens, e.g. https://example.com/pay/{{trigger.order}}') })
    .optional()
    .describe('A button that opens a web page'),
});

type Config = z.infer<typeof config>;

function chars(value: string): number {
  // WhatsApp counts characters, not UTF-16 units: an emoji is one character.
  return [...value].length;
}

function invalid(message: string): never {
  throw new StepError('CONFIG_INVALID', message);
}

function checkLength(field: string, value: string, max: number, code: 'CONFIG_INVALID' | 'MESSAGE_TOO_LONG' = 'CONFIG_INVALID'): void {
  const length = chars(value);
  if (length > max) throw new StepError(code, `${field} has ${length} characters; WhatsApp allows at most ${max}`);
}

function required(field: string, value: string | undefined): string {
  if (!value || value.trim() === '') invalid(`${field} is empty; check that its variables have values for this run`);
  return value;
}

/** Exactly one kind of action, within Meta's limits; the request the port gets. */
export function interactiveRequest(config: Config, to: string): SendInteractiveRequest {
  const body = required('body', config.body);
  checkLength('body', body, INTERACTIVE_LIMITS.body, 'MESSAGE_TOO_LONG');
  const header = config.header?.trim() ? config.header : undefined;
  const footer = config.footer?.trim() ? config.footer : undefined;
  if (header !== undefined) checkLength('header', header, INTERACTIVE_LIMITS.header);
  if (footer !== undefined) checkLength('footer', footer, INTERACTIVE_LIMITS.footer);
  const given = [config.buttons && 'buttons', config.list && 'list', config.cta && 'cta'].filter(Boolean);
  if (given.length !== 1) invalid(`Give exactly one of buttons, list or cta${given.length ? ` (got ${given.join(' and ')})` : ''}`);
  const base = { connectionId: config.connectionId, to, body, ...(header !== undefined ? { header } : {}), ...(footer !== undefined ? { footer } : {}) };

  if (config.buttons) {
    const buttons = config.buttons;
    if (buttons.length < 1 || buttons.length > INTERACTIVE_LIMITS.buttons) invalid(`buttons has ${buttons.length}; WhatsApp allows 1 to ${INTERACTIVE_LIMITS.buttons} reply buttons`);
    const ids = new Set<string>();
    const titles = new Set<string>();
    buttons.forEach((button, i) => {
      const id = required(`buttons[${i}].id`, button.id);
      const title = required(`buttons[${i}].title`, button.title);
      checkLength(`buttons[${i}].id`, id, INTERACTIVE_LIMITS.buttonId);
      checkLength(`buttons[${i}].title`, title, INTERACTIVE_LIMITS.buttonTitle);
      if (ids.has(id)) invalid(`buttons[${i}].id "${id}" is used twice; each button needs its own id`);
      if (titles.has(title)) invalid(`buttons[${i}].title "${title}" is used twice; Meta rejects buttons with the same title`);
      ids.add(id);
      titles.add(title);
    });
    return { ...base, buttons: buttons.map(({ id, title }) => ({ id, title })) };
  }

  if (config.list) {
    const list = config.list;
    const button = required('list.button', list.button);
    checkLength('list.button', button, INTERACTIVE_LIMITS.listButton);
    if (list.sections.length < 1 || list.sections.length > INTERACTIVE_LIMITS.sections) invalid(`list.sections has ${list.sections.length}; WhatsApp allows 1 to ${INTERACTIVE_LIMITS.sections}`);
    const rows = list.sections.reduce((sum, section) => sum + section.rows.length, 0);
    if (rows < 1 || rows > INTERACTIVE_LIMITS.rows) invalid(`list has ${rows} rows in all; WhatsApp allows 1 to ${INTERACTIVE_LIMITS.rows}`);
    const ids = new Set<string>();
    const sections = list.sections.map((section, s) => {
      // Meta requires a section title when there is more than one section.
      if (list.sections.length > 1) required(`list.sections[${s}].title`, section.title);
      if (section.title) checkLength(`list.sections[${s}].title`, section.title, INTERACTIVE_LIMITS.sectionTitle);
      if (section.rows.length === 0) invalid(`list.sections[${s}] has no rows`);
      return {
        ...(section.title ? { title: section.title } : {}),
        rows: section.rows.map((row, r) => {
          const field = `list.sections[${s}].rows[${r}]`;
          const id = required(`${field}.id`, row.id);
          checkLength(`${field}.id`, id, INTERACTIVE_LIMITS.rowId);
          checkLength(`${field}.title`, required(`${field}.title`, row.title), INTERACTIVE_LIMITS.rowTitle);
          if (row.description) checkLength(`${field}.description`, row.description, INTERACTIVE_LIMITS.rowDescription);
          if (ids.has(id)) invalid(`${field}.id "${id}" is used twice; each row needs its own id`);
          ids.add(id);
          return { id, title: row.title, ...(row.description ? { description: row.description } : {}) };
        }),
      };
    });
    return { ...base, list: { button, sections } };
  }

  const cta = config.cta!;
  const label = required('cta.text', cta.text);
  checkLength('cta.text', label, INTERACTIVE_LIMITS.ctaText);
  const url = required('cta.url', cta.url);
  if (!HTTPS_URL.test(url)) invalid(`cta.url "${url}" is not an https link`);
  return { ...base, cta: { text: label, url } };
}

export const sendInteractive = defineAction({
  type: 'whatsapp.send_interactive',
  typeVersion: 1,
  title: 'Send WhatsApp buttons or list',
  description: 'Sends a message with reply buttons, a list to pick from, or a link button. Only within 24 hours of the customer\'s last message, like free-form text.',
  category: 'WhatsApp',
  icon: 'list-checks',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { messageId: '3f0c9a52-1b7e-4c1e-9a57-0f1d2c3b4a59', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' },
  async execute(ctx) {
    const to = recipientE164(ctx.config.to, ctx.settings.defaultPhoneCountry);
    const request = interactiveRequest(ctx.config, to);
    const window = await ctx.ports.whatsapp.serviceWindow(request.connectionId, to);
    if (!window.open) throw new StepError('OUTSIDE_24H_WINDOW', closedWindowMessage(window), { details: { windowEndsAt: window.endsAt } });
    const sent = await ctx.ports.whatsapp.sendInteractive(request);
    return { output: { messageId: sent.messageId, providerMessageId: sent.providerMessageId, to: sent.to } };
  },
});
