import { z } from 'zod';
import { defineAction } from '../sdk/define';
import { templated, variableName } from '../sdk/fields';

const config = z.object({
  values: z
    .record(
      variableName('The name later steps use, e.g. appointment_slot'),
      templated.string('The value, e.g. {{trigger.customer.name}}'),
    )
    .default({})
    .describe('Named values later steps read as {{steps.<this node>.<name>}}'),
});

export const set = defineAction({
  type: 'flow.set',
  typeVersion: 1,
  title: 'Set values',
  description: 'Saves named values, such as a formatted date or a customer name, so later steps can use them as variables.',
  category: 'Flow',
  icon: 'variable',
  config,
  outputs: ['default'],
  sideEffect: false,
  dynamicOutputFields: { from: 'values' },
  execute: (ctx) => ({ output: { ...ctx.config.values } }),
});
