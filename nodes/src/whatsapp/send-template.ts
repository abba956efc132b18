import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import type { TemplateHeader } from '../sdk/ports';
import { Checks, designTimeCheck, HTTP_URL, runTimeCheck } from './checks';
import { recipientE164 } from './recipient';

/** Meta's limit for a text header parameter (reference/whatsapp.md §1.2). */
export const TEMPLATE_HEADER_TEXT_MAX = 60;

const parameter = templated.string('A value for the template placeholder, e.g. {{trigger.customer.name}}');

const templateName = templated.string('The approved template, e.g. appointment_confirmation', { required: true });
/** The editor draws a picker of the sender's approved templates here, with a mapping row per parameter. */
const templateField = templateName.meta({
  ...templateName.meta(),
  'x-widget': 'whatsapp-template',
  'x-connection-field': 'connectionId',
  'x-language-field': 'language',
  'x-parameters-field': 'parameters',
});

const header = z
  .object({
    kind: templated.enum(['image', 'video', 'document', 'text'], "The template's header: image, video, document, or text for a text header with a {{1}}"),
    url: templated.string('For a media header: the public https link of the file, e.g. https://example.com/offer.jpg').optional(),
    mediaId: templated.string('For a media header: the id of media uploaded to Meta (instead of url)').optional(),
    filename: templated.string('For a document header: the file name the customer sees, e.g. invoice.pdf').optional(),
    text: templated.string(`For a text header: the value of its {{1}}, up to ${TEMPLATE_HEADER_TEXT_MAX} characters`).optional(),
  })
  .optional()
  .describe("Only for a template whose header is a media file or a text with a placeholder: the file (or value) to put there");

const shape = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  template: templateField,
  language: templated.string('The language of the template, e.g. en or en_US').default('en'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.customer.phone}}'),
  recipientName: templated.string('The customer name, for personalisation and the message log, e.g. {{trigger.customer.name}}').optional(),
  parameters: z
    .union([z.array(parameter), z.record(z.string(), parameter)])
    .default([])
    .describe('Values for the placeholders: a list for {{1}}, {{2}}, … or names for a template with named placeholders'),
  header,
});

type Config = z.infer<typeof shape>;

const filled = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** A header: a media file by exactly one of url and mediaId (a filename only for a document), or a text value within Meta's 60 characters. */
export function checkTemplateHeader(config: Partial<Config>, checks: Checks): void {
  const value = config.header;
  if (!value) return;
  if (value.kind === 'text') {
    for (const field of ['url', 'mediaId', 'filename'] as const) if (value[field] !== undefined) checks.fail(`header.${field}`, `header.${field} is for a media header, not a text one`);
    checks.filled('header.text', value.text);
    if (value.text === undefined && checks.designTime) checks.fail('header.text', 'header.text is required for a text header');
    checks.length('header.text', value.text, TEMPLATE_HEADER_TEXT_MAX);
    return;
  }
  if (value.text !== undefined) checks.fail('header.text', `header.text is for a text header, not a ${value.kind} one`);
  const hasUrl = filled(value.url);
  const hasId = filled(value.mediaId);
  if (hasUrl && hasId) checks.fail('header.mediaId', 'Give either header.url or header.mediaId, not both');
  if (!hasUrl && !hasId && !(checks.designTime && (value.url !== undefined || value.mediaId !== undefined))) checks.fail('header.url', `header.url or header.mediaId is needed for a ${value.kind} header${checks.designTime ? '' : '; check that its variables have values for this run'}`);
  if (hasUrl && checks.known(value.url) && !HTTP_URL.test(value.url.trim())) checks.fail('header.url', `header.url "${value.url}" is not a public http(s) link`);
  if (filled(value.filename) && value.kind !== 'document' && ['image', 'video'].includes(value.kind)) checks.fail('header.filename', `header.filename is only for a document header, not for ${value.kind}`);
}

/** The header the port gets. */
export function templateHeader(config: Config): TemplateHeader | undefined {
  runTimeCheck(config, checkTemplateHeader);
  const value = config.header;
  if (!value) return undefined;
  if (value.kind === 'text') return { kind: 'text', text: value.text! };
  return {
    kind: value.kind,
    ...(filled(value.url) ? { url: value.url.trim() } : { mediaId: value.mediaId!.trim() }),
    ...(value.kind === 'document' && filled(value.filename) ? { filename: value.filename.trim() } : {}),
  };
}

const config = shape.superRefine(designTimeCheck<Partial<Config>>(checkTemplateHeader));

export const sendTemplate = defineAction({
  type: 'whatsapp.send_template',
  typeVersion: 1,
  title: 'Send WhatsApp template',
  description: 'Sends an approved template message, such as an appointment confirmation, filled in with details from the flow (and its header image, video or document). Works any time, even if the customer never wrote to you.',
  category: 'WhatsApp',
  icon: 'message-square',
  config,
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { messageId: '3f0c9a52-1b7e-4c1e-9a57-0f1d2c3b4a59', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' },
  async execute(ctx) {
    const { connectionId, template, language, recipientName, parameters } = ctx.config;
    const header = templateHeader(ctx.config);
    const to = recipientE164(ctx.config.to, ctx.settings.defaultPhoneCountry);
    if (template.trim() === '') throw new StepError('CONFIG_INVALID', 'The template name is empty; choose an approved template');
    const sent = await ctx.ports.whatsapp.sendTemplate({
      connectionId,
      to,
      template: template.trim(),
      language: language.trim() || 'en',
      parameters,
      ...(header ? { header } : {}),
      ...(recipientName?.trim() ? { recipientName: recipientName.trim() } : {}),
    });
    return { output: { messageId: sent.messageId, providerMessageId: sent.providerMessageId, to: sent.to } };
  },
});
