import { z } from 'zod';
import { defineTrigger } from '../sdk/define';
import { plainText } from '../sdk/fields';
import { agent, customer, record, text } from './event-fields';
import { parametersProblems, sampleArguments } from './function-parameters';

/** snake_case, at most 64 characters: what OpenAI-style function calling accepts as a tool name. */
const FUNCTION_NAME = /^[a-z][a-z0-9_]*$/;

const config = z.object({
  // A default, so that a new trigger (and the catalog's sample check) has a working config;
  // publishing a second function with the same name is refused, which tells the user to pick one.
  name: z
    .string()
    .min(1, { message: 'Enter a name, e.g. send_payment_link', abort: true })
    .max(64, 'Use at most 64 characters')
    .regex(FUNCTION_NAME, 'Use snake_case: lower-case letters, digits and _, starting with a letter')
    .default('my_function')
    .describe('The function name the voice agent calls, in snake_case, e.g. send_payment_link. Unique among the published functions of the workspace'),
  description: plainText('When the voice agent should call the function, written for the agent, e.g. "Send the payment link on WhatsApp once the customer agrees to pay"', {
    required: true,
    max: 1024,
    multiline: true,
  }).prefault(''),
  parameters: z
    .record(z.string(), z.unknown())
    .prefault({ type: 'object', properties: {} })
    .superRefine((schema, ctx) => {
      for (const problem of parametersProblems(schema)) ctx.addIssue({ code: 'custom', path: problem.field === '' ? [] : problem.field.split('.'), message: problem.message });
    })
    .meta({
      description: 'The arguments the agent passes with the call (a JSON Schema object, as in OpenAI function calling); later steps read each as {{trigger.arguments.<name>}}',
      'x-widget': 'json-schema',
    }),
  timeoutMs: z
    .int('Enter a whole number of milliseconds')
    .min(100, 'Use at least 100 ms')
    .max(60_000, 'Use at most 60000 ms (a minute)')
    .default(10_000)
    .describe('How long the agent waits for the answer, in milliseconds; after that it hears that the request is under way (202) and the flow goes on'),
  agents: z
    .array(z.string().trim().min(1, 'Enter an agent id').max(200, 'Use at most 200 characters'))
    .max(100, 'List at most 100 agents')
    .optional()
    .describe('The ids of the voice agents the function is offered to (GET /api/functions?agentId=…); none: every agent'),
});

/**
 * The invoke body (CONTRACT "Event data"), plus the `function` it names. Nothing is required:
 * `POST /api/functions/:name/invoke` checks its own body (a call id), and an event naming no
 * function starts no flow; the arguments are checked against `parameters` at invoke.
 */
const event = z.looseObject({
  function: text('function'),
  callId: text('callId'),
  customer,
  agent,
  metadata: record('metadata'),
  arguments: record('arguments'),
});

/** What a voice platform sends (the invoke body), as a sample for test runs and the variable picker. */
const sampleEvent = {
  function: 'send_payment_link',
  callId: 'call_7f3a9c21',
  customer: { phone: '+14155551234', name: 'Alex Morgan', email: 'alex@example.com' },
  agent: { id: 'agent_riya', name: 'Riya' },
  metadata: { lead_source: 'website', order_id: 'ORD-1042' },
  arguments: { amount: 499 },
};

export const callFunction = defineTrigger({
  type: 'call.function',
  typeVersion: 1,
  title: 'In-call function',
  description:
    'Starts the flow when a voice agent calls this function during a live call: send an OTP, a payment link or a reference number. The arguments arrive as {{trigger.arguments.…}}; a Respond step answers the agent.',
  category: 'Triggers',
  icon: 'phone-call',
  config,
  event,
  sampleEvent,
  sampleFor: (config) => ({ ...sampleEvent, function: config.name, arguments: sampleArguments(config.parameters) }),
  // The call id is the conversation's id (`{{conversation_uuid}}`, like a completed call's `call.id`).
  enrich: (data) => (typeof data.callId === 'string' ? { call: { id: data.callId } } : {}),
  // Every published function of the workspace sees the event; only the one it names starts.
  matches: (event, config) => event.data.function === config.name,
  callerWaits: 'always',
});
