import type { FlowNode } from '@switchboard/shared';
import type { FlowTemplate } from './flow-templates';

/**
 * Seed 001's in-call functions as flows: the voice agent calls the function mid-call, a
 * WhatsApp template goes to the customer on the line, and a Respond step tells the agent it
 * was sent (`{ sent: true, messageId }`), or why not (`{ sent: false, reason }`, off the send's
 * error edge), so it can say so. Each sends one of the sandbox's default templates, so it works
 * as is on a sandbox sender; on a real sender, pick a template approved there.
 */

/** Left empty so the flow is created with the workspace's first WhatsApp sender (flow-templates' CHOOSE_CONNECTION; not imported, as that file imports this one). */
const CHOOSE_CONNECTION = '';

const SOURCE = 'seed 001: WhatsApp Messaging, "In-Call Functions" (send OTP, payment links, reference numbers)';

/** call.function → whatsapp.send_template → flow.respond, with the send's error edge answering too. */
function inCallFunction(options: {
  id: string;
  name: string;
  description: string;
  trigger: Record<string, unknown>;
  send: { id: string; template: string; parameters: string[] };
}): FlowTemplate {
  const { send } = options;
  const nodes: FlowNode[] = [
    { id: 'function_called', type: 'call.function', config: options.trigger, position: { x: 0, y: 0 } },
    {
      id: send.id,
      type: 'whatsapp.send_template',
      config: {
        connectionId: CHOOSE_CONNECTION,
        template: send.template,
        language: 'en',
        to: '{{trigger.customer.phone}}',
        recipientName: '{{trigger.customer.name}}',
        parameters: send.parameters,
      },
      position: { x: 0, y: 180 },
    },
    {
      id: 'respond_sent',
      type: 'flow.respond',
      name: 'Tell the agent it was sent',
      config: { status: 200, body: `{"sent": true, "messageId": "{{steps.${send.id}.messageId}}"}` },
      position: { x: -160, y: 360 },
    },
    {
      id: 'respond_failed',
      type: 'flow.respond',
      name: 'Tell the agent why not',
      config: { status: 200, body: `{"sent": false, "reason": "{{steps.${send.id}.error.message}}"}` },
      position: { x: 160, y: 360 },
    },
  ];
  return {
    id: options.id,
    name: options.name,
    description: options.description,
    category: 'In-call functions',
    source: SOURCE,
    graph: {
      nodes,
      edges: [
        { id: 'e1', source: 'function_called', target: send.id },
        { id: 'e2', source: send.id, target: 'respond_sent' },
        { id: 'e3', source: send.id, sourceHandle: 'error', target: 'respond_failed' },
      ],
    },
  };
}

export const FUNCTION_TEMPLATES: FlowTemplate[] = [
  inCallFunction({
    id: 'send_otp',
    name: 'Send an OTP during the call',
    description:
      'The agent calls send_otp with the one-time code to verify the caller; the customer gets the otp_code template on WhatsApp while still on the line, and the agent hears back that it was sent.',
    trigger: {
      name: 'send_otp',
      description: 'Send the customer a one-time verification code on WhatsApp when you need to verify their identity. Then ask them to read the code back to you.',
      parameters: {
        type: 'object',
        properties: { code: { type: 'string', pattern: '^[0-9]{4,8}$', description: 'The one-time code to send: 4 to 8 digits', examples: ['482913'] } },
        required: ['code'],
        additionalProperties: false,
      },
      timeoutMs: 8000,
    },
    send: { id: 'send_code', template: 'otp_code', parameters: ['{{trigger.arguments.code}}'] },
  }),
  inCallFunction({
    id: 'send_payment_link',
    name: 'Send a payment link during the call',
    description:
      'When the customer agrees to pay, the agent calls send_payment_link with the amount; the customer gets the payment_link template with the amount and the link. Replace pay.example.com with your payment provider, or put an HTTP request that creates the link before the send.',
    trigger: {
      name: 'send_payment_link',
      description: 'Send the customer a payment link on WhatsApp once they agree to pay. Pass the amount they agreed to.',
      parameters: {
        type: 'object',
        properties: { amount: { type: 'number', minimum: 1, description: 'The amount to pay, in the account currency', examples: [499] } },
        required: ['amount'],
        additionalProperties: false,
      },
      timeoutMs: 8000,
    },
    send: {
      id: 'send_link',
      template: 'payment_link',
      parameters: ['{{trigger.arguments.amount}}', 'https://pay.example.com/l/{{trigger.callId}}?amount={{trigger.arguments.amount}}'],
    },
  }),
  inCallFunction({
    id: 'send_reference_number',
    name: 'Send a reference number during the call',
    description:
      'After the agent has logged a request (a complaint, a booking, a claim), it calls send_reference_number with the reference; the customer gets it on WhatsApp so they can quote it later.',
    trigger: {
      name: 'send_reference_number',
      description: 'Send the customer their reference number on WhatsApp after you have registered their request, so they have it in writing.',
      parameters: {
        type: 'object',
        properties: { reference_number: { type: 'string', minLength: 1, description: 'The reference number of the request, e.g. REF-20481', examples: ['REF-20481'] } },
        required: ['reference_number'],
        additionalProperties: false,
      },
      timeoutMs: 8000,
    },
    send: { id: 'send_reference', template: 'reference_number', parameters: ['{{trigger.customer.name}}', '{{trigger.arguments.reference_number}}'] },
  }),
];
