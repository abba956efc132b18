import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction } from '../sdk/define';
import { templated } from '../sdk/fields';

/** More items than this in one loop is almost surely a mistake (a whole table); it fails clearly instead. */
export const MAX_LOOP_ITEMS = 10_000;

const config = z.object({
  // A list written into the flow document as it is (not as text) is taken too.
  items: z.preprocess(
    (value) => (Array.isArray(value) ? JSON.stringify(value) : value),
    templated.string('The list to go through, e.g. {{steps.fetch_appointments.body.appointments}} (or a JSON list)', { required: true }),
  ),
  concurrency: templated.number('How many items run at the same time (1: one after another)', { int: true, min: 1, max: 50 }).default(1),
});

/**
 * The list a rendered `items` stands for: a rendered list arrives as JSON text (templates
 * render lists as JSON), a list given directly stays one.
 */
export function loopItems(items: unknown): unknown[] {
  let value = items;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return [];
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      throw new StepError('CONFIG_INVALID', `items did not give a list: "${text.slice(0, 80)}" is not a JSON list; use a variable that holds one, e.g. {{steps.fetch.body.items}}`);
    }
  }
  if (!Array.isArray(value)) throw new StepError('CONFIG_INVALID', `items did not give a list but ${value === null ? 'null' : typeof value}`);
  if (value.length > MAX_LOOP_ITEMS) throw new StepError('CONFIG_INVALID', `items has ${value.length} entries; a loop takes at most ${MAX_LOOP_ITEMS}`);
  return value;
}

export const loop = defineAction({
  type: 'flow.loop',
  typeVersion: 1,
  title: 'Loop',
  description: 'Runs the steps after "item" once for every entry of a list (each sees {{steps.<this node>.item}} and .index), then continues on "done" with every item\'s result.',
  category: 'Flow',
  icon: 'repeat',
  config,
  outputs: ['item', 'done'],
  fanOut: { item: 'item', done: 'done' },
  sideEffect: false,
  sampleOutput: {
    item: { name: 'Alex Morgan', phone: '+14155551234', time: '10:30' },
    index: 0,
    count: 2,
    results: [{ index: 0, status: 'succeeded', item: { name: 'Alex Morgan' }, outputs: {} }],
    succeeded: 2,
    failed: 0,
  },
  execute(ctx) {
    return { fanOut: { items: loopItems(ctx.config.items), concurrency: ctx.config.concurrency } };
  },
});
