import { z } from 'zod';
import { defineTrigger } from '../sdk/define';

const config = z.object({
  samplePayload: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The data a run started by hand gets as {{trigger.…}} when none is given, e.g. { "customer": { "phone": "+14155551234" } }'),
});

const sampleEvent = { customer: { phone: '+14155551234', name: 'Alex Morgan' } };

export const manual = defineTrigger({
  type: 'manual',
  typeVersion: 1,
  title: 'Run by hand',
  description: 'Starts the flow when you click Run or call the API. Handy for testing and one-off sends.',
  category: 'Triggers',
  icon: 'play',
  config,
  sampleEvent,
  sampleFor: (config) => config.samplePayload ?? sampleEvent,
  matches: () => true,
});
