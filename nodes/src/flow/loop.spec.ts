import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { configJsonSchema } from '../sdk/describe';
import { runAction } from '../testing/harness';
import { loop, loopItems, MAX_LOOP_ITEMS } from './loop';

describe('flow.loop', () => {
  it('fans out over the rendered list, concurrency at a time', async () => {
    expect(await runAction(loop, { items: '[{"name":"Alex"},{"name":"Sam"}]', concurrency: 2 })).toEqual({
      fanOut: { items: [{ name: 'Alex' }, { name: 'Sam' }], concurrency: 2 },
    });
    expect(await runAction(loop, { items: '  ' })).toEqual({ fanOut: { items: [], concurrency: 1 } });
  });

  it('takes a list written into the flow as it is, and shows items as a text field', () => {
    const parsed = catalog.parseConfig(loop, { items: [1, 2] });
    expect(parsed).toEqual({ ok: true, config: { items: '[1,2]', concurrency: 1 } });
    expect((configJsonSchema(loop.config).properties as Record<string, { type?: string }>).items?.type).toBe('string');
  });

  it('refuses what is not a list, and more items than a loop takes, clearly', () => {
    expect(() => loopItems('not json')).toThrow(/is not a JSON list/);
    expect(() => loopItems('{"a":1}')).toThrow(/did not give a list but object/);
    expect(() => loopItems(JSON.stringify(Array.from({ length: MAX_LOOP_ITEMS + 1 }, (_, index) => index)))).toThrow(/at most 10000/);
    expect(catalog.validateConfig(loop, { items: '{{x}}', concurrency: 51 }).map((problem) => problem.field)).toEqual(['concurrency']);
  });
});
