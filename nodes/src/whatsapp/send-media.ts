import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import type { MediaKind, SendMediaRequest } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { Checks, designTimeCheck, HTTP_URL, runTimeCheck } from './checks';
import { recipientE164 } from './recipient';
import { closedWindowMessage } from './send-text';

/** Meta's limit for a media caption (Cloud API media object; whatsapp-api-js `Image`/`Document`/`Video`). */
export const MAX_CAPTION_LENGTH = 1024;

/** The kinds whose media object has a `caption` (Meta's audio and sticker objects have none). */
export const CAPTIONED_KINDS: ReadonlySet<string> = new Set<MediaKind>(['image', 'video', 'document']);

const MEDIA_KINDS = ['image', 'document', 'video', 'audio', 'sticker'] as const;

const shape = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.from}}'),
  kind: templated.enum(MEDIA_KINDS, 'What the file is: image, document, video, audio or sticker'),
  url: templated.string('The public https link WhatsApp downloads the file from, e.g. https://example.com/invoice.pdf; or give mediaId instead').optional(),
  mediaId: templated.string("The id of media uploaded to Meta, or a customer's media on the same sender, e.g. {{trigger.media.id}}; or give url instead").optional(),
  caption: templated.string(`Optional text under the image, video or document, up to ${MAX_CAPTION_LENGTH} characters (audio and stickers have none)`, { multiline: true }).optional(),
  filename: templated.string('For a document: the file name the customer sees, e.g. invoice.pdf').optional(),
});

type Config = z.infer<typeof shape>;

const filled = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Meta's rules for a media message: exactly one of url (a public http(s) link) and mediaId, a
 * caption only for image, video and document and at most MAX_CAPTION_LENGTH characters, a
 * filename only for a document.
 */
export function checkMedia(config: Partial<Config>, checks: Checks): void {
  const { kind } = config;
  const hasUrl = filled(config.url);
  const hasId = filled(config.mediaId);
  if (hasUrl && hasId) checks.fail('mediaId', 'Give either url or mediaId, not both');
  if (!hasUrl && !hasId) {
    // At design time a field that is there (a template) counts; at run time it rendered empty.
    const given = config.url !== undefined ? 'url' : config.mediaId !== undefined ? 'mediaId' : null;
    checks.fail(given ?? 'url', given && !checks.designTime ? `${given} is empty; check that its variables have values for this run` : 'Give url (a public link) or mediaId (an uploaded or received media id)');
  }
  if (hasUrl && checks.known(config.url) && !HTTP_URL.test(config.url!)) checks.fail('url', `url "${config.url}" is not a public http(s) link`);
  if (hasId && checks.known(config.mediaId) && /\s/.test(config.mediaId!.trim())) checks.fail('mediaId', `mediaId "${config.mediaId}" is not a media id (it has spaces)`);
  const knownKind = kind !== undefined && (MEDIA_KINDS as readonly string[]).includes(kind);
  if (filled(config.caption)) {
    if (knownKind && !CAPTIONED_KINDS.has(kind!)) checks.fail('caption', `caption: WhatsApp ${kind} messages have no caption; remove it or send the text separately`);
    else checks.length('caption', config.caption, MAX_CAPTION_LENGTH, 'MESSAGE_TOO_LONG');
  }
  if (filled(config.filename) && knownKind && kind !== 'document') checks.fail('filename', `filename is only for documents, not for ${kind}`);
}

/** The request the port gets, after Meta's rules (`checkMedia`). */
export function mediaRequest(values: Config, to: string): SendMediaRequest {
  runTimeCheck(values, checkMedia);
  const { connectionId, kind } = values;
  const source = filled(values.url) ? { url: values.url.trim() } : { mediaId: values.mediaId!.trim() };
  return {
    connectionId,
    to,
    kind,
    ...source,
    ...(filled(values.caption) ? { caption: values.caption } : {}),
    ...(filled(values.filename) ? { filename: values.filename } : {}),
  };
}

export const sendMedia = defineAction({
  type: 'whatsapp.send_media',
  typeVersion: 1,
  title: 'Send WhatsApp image or file',
  description:
    "Sends an image, document, video, audio or sticker by link or by media id (for example a customer's photo passed on), with an optional caption. Only within 24 hours of the customer's last message, like free-form text.",
  category: 'WhatsApp',
  icon: 'image',
  config: shape.superRefine(designTimeCheck<Partial<Config>>(checkMedia)),
  outputs: ['default'],
  sideEffect: true,
  sampleOutput: { messageId: '3f0c9a52-1b7e-4c1e-9a57-0f1d2c3b4a59', providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to: '+14155551234' },
  async execute(ctx) {
    const to = recipientE164(ctx.config.to, ctx.settings.defaultPhoneCountry);
    const request = mediaRequest(ctx.config, to);
    const window = await ctx.ports.whatsapp.serviceWindow(request.connectionId, to);
    if (!window.open) throw new StepError('OUTSIDE_24H_WINDOW', closedWindowMessage(window), { details: { windowEndsAt: window.endsAt } });
    const sent = await ctx.ports.whatsapp.sendMedia(request);
    return { output: { messageId: sent.messageId, providerMessageId: sent.providerMessageId, to: sent.to } };
  },
});
