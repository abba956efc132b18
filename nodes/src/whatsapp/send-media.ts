import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import type { SendMediaRequest } from '../sdk/ports';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { recipientE164 } from './recipient';
import { closedWindowMessage } from './send-text';

/** Meta's limit for a media caption (Cloud API media object; whatsapp-api-js `Image`/`Document`/`Video`). */
export const MAX_CAPTION_LENGTH = 1024;

const config = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the message goes out from'),
  to: phone('The customer phone number in international format, e.g. +14155551234 or {{trigger.from}}'),
  kind: templated.enum(['image', 'document', 'video', 'audio'], 'What the file is: image, document, video or audio'),
  url: templated.string('The public https link WhatsApp downloads the file from, e.g. https://example.com/invoice.pdf', { required: true }),
  caption: templated.string(`Optional text under the image, video or document, up to ${MAX_CAPTION_LENGTH} characters (audio has none)`, { multiline: true }).optional(),
  filename: templated.string('For a document: the file name the customer sees, e.g. invoice.pdf').optional(),
});

/** The request the port gets, after Meta's rules: a https link, a caption only where Meta takes one. */
export function mediaRequest(values: z.infer<typeof config>, to: string): SendMediaRequest {
  const { connectionId, kind, url } = values;
  if (url.trim() === '') throw new StepError('CONFIG_INVALID', 'url is empty; check that its variables have values for this run');
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url)) throw new StepError('CONFIG_INVALID', `url "${url}" is not a public http(s) link`);
  const caption = values.caption?.trim() ? values.caption : undefined;
  const filename = values.filename?.trim() ? values.filename : undefined;
  if (caption !== undefined) {
    // Meta's audio object has no caption field.
    if (kind === 'audio') throw new StepError('CONFIG_INVALID', 'caption: WhatsApp audio messages have no caption; remove it or send the text separately');
    const length = [...caption].length;
    if (length > MAX_CAPTION_LENGTH) throw new StepError('MESSAGE_TOO_LONG', `caption has ${length} characters; WhatsApp allows at most ${MAX_CAPTION_LENGTH}`);
  }
  if (filename !== undefined && kind !== 'document') throw new StepError('CONFIG_INVALID', `filename is only for documents, not for ${kind}`);
  return { connectionId, to, kind, url, ...(caption !== undefined ? { caption } : {}), ...(filename !== undefined ? { filename } : {}) };
}

export const sendMedia = defineAction({
  type: 'whatsapp.send_media',
  typeVersion: 1,
  title: 'Send WhatsApp image or file',
  description: 'Sends an image, document, video or audio by link, with an optional caption. Only within 24 hours of the customer\'s last message, like free-form text.',
  category: 'WhatsApp',
  icon: 'image',
  config,
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
