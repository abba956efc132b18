import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { runAction } from '../testing/harness';
import { set } from './set';

describe('flow.set', () => {
  it('outputs its rendered values', async () => {
    expect(await runAction(set, { values: { customer_name: 'Alex', slot: '2026-11-25 at 10:30' } })).toEqual({
      output: { customer_name: 'Alex', slot: '2026-11-25 at 10:30' },
    });
    expect(await runAction(set, {})).toEqual({ output: {} });
  });

  it('needs snake_case names and text values', () => {
    const problems = catalog.validateConfig(set, { values: { 'Customer Name': 'x', ok_name: '{{trigger.customer.name}}', count: 3 } });
    expect(problems.map((problem) => problem.field)).toEqual(['values.Customer Name', 'values.count']);
  });
});
