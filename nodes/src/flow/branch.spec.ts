import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { runAction } from '../testing/harness';
import { branch } from './branch';

const outcome = (value: string) => ({ '==': [{ var: 'trigger.variables.outcome' }, value] });
const config = {
  branches: [
    { key: 'interested', label: 'Interested', condition: outcome('interested') },
    { key: 'follow_up', label: 'Follow-up', condition: { in: [{ var: 'trigger.variables.outcome' }, ['interested', 'callback']] } },
  ],
};
const withOutcome = (value: string) => ({ context: { trigger: { variables: { outcome: value } } } });

describe('flow.branch', () => {
  it('takes the first path whose condition holds, in order', async () => {
    expect(await runAction(branch, config, withOutcome('interested'))).toEqual({ handle: 'interested', output: { branch: 'interested' } });
    expect(await runAction(branch, config, withOutcome('callback'))).toEqual({ handle: 'follow_up', output: { branch: 'follow_up' } });
  });

  it('takes else when no condition holds', async () => {
    expect(await runAction(branch, config, withOutcome('not_interested'))).toEqual({ handle: 'else', output: { branch: 'else' } });
  });

  it('has a handle per path, then else and error', () => {
    expect(catalog.outputsFor(branch, config)).toEqual(['interested', 'follow_up', 'else', 'error']);
  });

  it('reads its handles from a raw config even when it is invalid', () => {
    const raw = { branches: [{ key: 'hot', condition: { nope: [] } }, { key: 'cold', condition: true }] };
    expect(catalog.validation().get('flow.branch')?.outputs(raw)).toEqual(['hot', 'cold', 'else', 'error']);
  });

  it('needs snake_case, unique, unreserved keys and a condition per path', () => {
    const problems = catalog.validateConfig(branch, {
      branches: [
        { key: 'Hot Lead', condition: true },
        { key: 'else', condition: true },
        { key: 'warm', condition: true },
        { key: 'warm', condition: true },
        { key: 'error', condition: true },
        { key: 'cold' },
        { key: 'odd', condition: { method: ['x', 'toString'] } },
      ],
    });
    expect(problems.map((problem) => problem.field).sort()).toEqual([
      'branches[0].key',
      'branches[1].key',
      'branches[3].key',
      'branches[4].key',
      'branches[5].condition',
      'branches[6].condition',
    ]);
    expect(catalog.validateConfig(branch, { branches: [{ key: 'warm', condition: true }, { key: 'warm', condition: true }] })).toEqual([
      { field: 'branches[1].key', message: 'Two paths are called "warm"; each needs its own name' },
    ]);
    expect(catalog.validateConfig(branch, { branches: [] }).map((problem) => problem.field)).toEqual(['branches']);
  });
});
