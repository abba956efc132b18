import { z } from 'zod';
import { defineAction } from '../sdk/define';
import { templated } from '../sdk/fields';

const config = z.object({
  status: templated.number('The HTTP status the caller gets, e.g. 200; a 4xx or 5xx tells it that something went wrong', { int: true, min: 200, max: 599 }).default(200),
  body: z
    .union([
      templated.string('Text or JSON, with {{ }} variables', { multiline: true }),
      z.record(z.string(), z.unknown()),
      z.array(z.unknown()),
    ], { error: 'Enter text, or JSON such as {"sent": true}' })
    .default('')
    .meta({
      description:
        'What the caller gets: JSON such as {"sent": true, "messageId": "{{steps.send_link.messageId}}"} (a value that is one variable keeps its type), or text. Empty: no body',
      'x-widget': 'textarea',
    }),
});

export const respond = defineAction({
  type: 'flow.respond',
  typeVersion: 1,
  title: 'Respond',
  description:
    'Answers the caller that waits on the run — the voice agent that called an in-call function, or the app that called a webhook — with a status and a body. The flow goes on after it.',
  category: 'Flow',
  icon: 'reply',
  config,
  outputs: ['default'],
  // Publishing the answer cannot fail the step (see CallerPort); nothing outside the run changes.
  sideEffect: false,
  answersCaller: true,
  // A JSON body renders value by value, so a message id with quotes cannot break it.
  jsonFields: ['body'],
  sampleOutput: { status: 200, body: { sent: true, messageId: '6f1c2f0e-3c1b-4a8e-9d7e-2b1f0c9a7e55' } },
  async execute(ctx) {
    const answer = { status: ctx.config.status, body: answerBody(ctx.config.body) };
    await ctx.ports.caller.respond(answer);
    return { output: answer };
  },
});

/** A rendered body as the caller gets it: JSON text as JSON, other text as text, empty as no body. */
export function answerBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  const text = body.trim();
  if (text === '') return null;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return body;
    }
  }
  return body;
}
