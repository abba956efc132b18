import { z } from 'zod';
import { defineAction } from '../sdk/define';
import { connection, phone, templated } from '../sdk/fields';
import { recipientE164 } from '../whatsapp/recipient';

/** Handles of the node itself, which a button id must not take. */
const RESERVED_HANDLES = ['replied', 'other', 'timeout', 'error'];

const config = z.object({
  connectionId: connection('whatsapp', 'The WhatsApp sender the reply comes to'),
  from: phone('The customer whose reply to wait for, e.g. {{trigger.customer.phone}}'),
  buttons: z
    .array(
      z
        .string()
        .min(1, 'A button id cannot be empty')
        .max(256, 'A button id has at most 256 characters')
        .refine((id) => !RESERVED_HANDLES.includes(id), `A button id cannot be ${'replied, other, timeout or error'} (those are this node's own paths)`),
    )
    .refine((ids) => new Set(ids).size === ids.length, 'Each button id only once')
    .optional()
    .describe('The ids of the buttons (or list rows) the message before asked the customer to tap, e.g. yes, no: one path each, plus "other" for any other reply'),
  timeoutMinutes: templated.number('How long to wait before taking the "timeout" path, in minutes (decimals allowed, e.g. 0.5)', { min: 0.001, max: 60 * 24 * 30 }).default(60),
});

/** The key an inbound message of `customer` on `connectionId` resumes a waiting run by. */
export function replyCorrelation(connectionId: string, customer: string): string {
  return `reply:${connectionId}:${customer}`;
}

export const waitForReply = defineAction({
  type: 'flow.wait_for_reply',
  typeVersion: 1,
  title: 'Wait for reply',
  description: 'Pauses until the customer answers on WhatsApp ("replied", with their message) or the time runs out ("timeout"). The reply goes to this run, not to other flows.',
  category: 'Flow',
  icon: 'message-square-reply',
  config,
  // Without buttons a reply takes "replied"; with buttons, the tapped button's own path, else "other".
  outputs: ['replied', 'other', 'timeout'],
  dynamicOutputs: { from: 'buttons' },
  sideEffect: false,
  sampleOutput: {
    outcome: 'replied',
    message: {
      text: 'Yes, I am interested!',
      from: '+14155551234',
      name: 'Alex Morgan',
      messageId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      timestamp: '2026-11-20T15:09:12Z',
      reply: { kind: 'button', id: 'yes', title: 'Yes, I am interested!' },
    },
  },
  async execute(ctx) {
    const customer = recipientE164(ctx.config.from, ctx.settings.defaultPhoneCountry);
    // The sender is resolved inside the run's workspace, also when its id came from a variable:
    // a run never waits on (and so never captures the replies of) another workspace's sender.
    await ctx.ports.whatsapp.serviceWindow(ctx.config.connectionId, customer);
    const until = new Date(ctx.now().getTime() + ctx.config.timeoutMinutes * 60_000);
    return { wait: { until, correlation: replyCorrelation(ctx.config.connectionId, customer), output: { from: customer } } };
  },
  resume(ctx, resumption) {
    if (resumption.kind === 'reply') {
      const buttons = ctx.config.buttons;
      if (!buttons?.length) return { output: { outcome: 'replied', message: resumption.payload }, handle: 'replied' };
      // A tap on one of the buttons (Meta's `button_reply`/`list_reply` id, a quick reply's payload) takes its path.
      const id = (resumption.payload as { reply?: { id?: unknown } } | undefined)?.reply?.id;
      const handle = typeof id === 'string' && buttons.includes(id) ? id : 'other';
      return { output: { outcome: handle === 'other' ? 'other' : 'button', button: handle === 'other' ? null : handle, message: resumption.payload }, handle };
    }
    return { output: { outcome: 'timeout', message: null }, handle: 'timeout' };
  },
});
