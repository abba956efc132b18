import { z } from 'zod';
import { INTERACTIVE_LIMITS, StepError } from '@switchboard/shared';
import type { SendInteractiveRequest } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { Checks, designTimeCheck, runTimeCheck } from './checks';
import { recipientE164 } from './recipient';
import { closedWindowMessage } from './send-text';

export { INTERACTIVE_LIMITS };

/** An https link with a host and no spaces (nodes run without the URL global). */
const HTTPS_URL = /^https:\/\/[^\s/?#]+[^\s]*$/i;

const text = (description: string) => templated.string(description);
/** A text with a limit the editor counts against as it is typed (`x-max-chars`; checked for real after rendering). */
const limited = (description: string, max: number) => templated.string(description).meta({ 'x-max-chars': max });

const shape = z.object({
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

const config = shape.superRefine(designTimeCheck<Partial<z.infer<typeof shape>>>((config, checks) => checkInteractive(config, checks)));

type Config = z.infer<typeof config>;

/**
 * Meta's rules for an interactive message: exactly one kind of action, the counts and the
 * lengths of INTERACTIVE_LIMITS, unique ids (and unique button titles), a section title when
 * there are several sections, an https link. Shared by publish (static values) and run time.
 */
export function checkInteractive(config: Partial<Config>, checks: Checks): void {
  checks.filled('body', config.body);
  checks.length('body', config.body, INTERACTIVE_LIMITS.body, 'MESSAGE_TOO_LONG');
  if (config.header?.trim()) checks.length('header', config.header, INTERACTIVE_LIMITS.header);
  if (config.footer?.trim()) checks.length('footer', config.footer, INTERACTIVE_LIMITS.footer);
  const given = [config.buttons && 'buttons', config.list && 'list', config.cta && 'cta'].filter(Boolean);
  if (given.length !== 1) {
    checks.fail(given.length ? given[1] as string : 'buttons', `Give exactly one of buttons, list or cta${given.length ? ` (got ${given.join(' and ')})` : ''}`);
    return;
  }
  if (config.buttons) {
    const buttons = config.buttons;
    if (buttons.length < 1 || buttons.length > INTERACTIVE_LIMITS.buttons) checks.fail('buttons', `buttons has ${buttons.length}; WhatsApp allows 1 to ${INTERACTIVE_LIMITS.buttons} reply buttons`);
    const ids = new Set<string>();
    const titles = new Set<string>();
    buttons.forEach((button, i) => {
      checks.filled(`buttons[${i}].id`, button.id);
      checks.filled(`buttons[${i}].title`, button.title);
      checks.length(`buttons[${i}].id`, button.id, INTERACTIVE_LIMITS.buttonId);
      checks.length(`buttons[${i}].title`, button.title, INTERACTIVE_LIMITS.buttonTitle);
      if (checks.known(button.id) && button.id !== '' && ids.has(button.id)) checks.fail(`buttons[${i}].id`, `buttons[${i}].id "${button.id}" is used twice; each button needs its own id`);
      if (checks.known(button.title) && button.title !== '' && titles.has(button.title)) checks.fail(`buttons[${i}].title`, `buttons[${i}].title "${button.title}" is used twice; Meta rejects buttons with the same title`);
      ids.add(button.id);
      titles.add(button.title);
    });
    return;
  }
  if (config.list) {
    const list = config.list;
    checks.filled('list.button', list.button);
    checks.length('list.button', list.button, INTERACTIVE_LIMITS.listButton);
    if (list.sections.length < 1 || list.sections.length > INTERACTIVE_LIMITS.sections) checks.fail('list.sections', `list.sections has ${list.sections.length}; WhatsApp allows 1 to ${INTERACTIVE_LIMITS.sections}`);
    const rows = list.sections.reduce((sum, section) => sum + section.rows.length, 0);
    if (rows < 1 || rows > INTERACTIVE_LIMITS.rows) checks.fail('list.sections', `list has ${rows} rows in all; WhatsApp allows 1 to ${INTERACTIVE_LIMITS.rows}`);
    const ids = new Set<string>();
    list.sections.forEach((section, s) => {
      // Meta requires a section title when there is more than one section.
      if (list.sections.length > 1 && !section.title?.trim()) checks.fail(`list.sections[${s}].title`, `list.sections[${s}].title is empty; a list with several sections needs a title for each`);
      if (section.title) checks.length(`list.sections[${s}].title`, section.title, INTERACTIVE_LIMITS.sectionTitle);
      if (section.rows.length === 0) checks.fail(`list.sections[${s}].rows`, `list.sections[${s}] has no rows`);
      section.rows.forEach((row, r) => {
        const field = `list.sections[${s}].rows[${r}]`;
        checks.filled(`${field}.id`, row.id);
        checks.filled(`${field}.title`, row.title);
        checks.length(`${field}.id`, row.id, INTERACTIVE_LIMITS.rowId);
        checks.length(`${field}.title`, row.title, INTERACTIVE_LIMITS.rowTitle);
        if (row.description) checks.length(`${field}.description`, row.description, INTERACTIVE_LIMITS.rowDescription);
        if (checks.known(row.id) && row.id !== '' && ids.has(row.id)) checks.fail(`${field}.id`, `${field}.id "${row.id}" is used twice; each row needs its own id`);
        ids.add(row.id);
      });
    });
    return;
  }
  const cta = config.cta!;
  checks.filled('cta.text', cta.text);
  checks.length('cta.text', cta.text, INTERACTIVE_LIMITS.ctaText);
  checks.filled('cta.url', cta.url);
  if (checks.known(cta.url) && cta.url.trim() !== '' && !HTTPS_URL.test(cta.url)) checks.fail('cta.url', `cta.url "${cta.url}" is not an https link`);
}

/** Exactly one kind of action, within Meta's limits; the request the port gets. */
export function interactiveRequest(config: Config, to: string): SendInteractiveRequest {
  runTimeCheck(config, checkInteractive);
  const header = config.header?.trim() ? config.header : undefined;
  const footer = config.footer?.trim() ? config.footer : undefined;
  const base = { connectionId: config.connectionId, to, body: config.body, ...(header !== undefined ? { header } : {}), ...(footer !== undefined ? { footer } : {}) };
  if (config.buttons) return { ...base, buttons: config.buttons.map(({ id, title }) => ({ id, title })) };
  if (config.list) {
    const sections = config.list.sections.map((section) => ({
      ...(section.title ? { title: section.title } : {}),
      rows: section.rows.map((row) => ({ id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) })),
    }));
    return { ...base, list: { button: config.list.button, sections } };
  }
  return { ...base, cta: { text: config.cta!.text, url: config.cta!.url } };
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
