import { nodeHandles } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { nodeDefinitions } from '../catalog';
import { describeNode } from './describe';
import { outputsFor } from './outputs';

/** Configs that name handles in every way a config can: none, some (one repeated, one empty), a fixed handle again. */
function sampleConfigs(definition: (typeof nodeDefinitions)[number]): unknown[] {
  const configs: unknown[] = [{}, null, { junk: true }];
  if (definition.kind === 'action' && definition.dynamicOutputs) {
    const { from } = definition.dynamicOutputs;
    // A list of plain ids names its handles by the items themselves (no key).
    const key = definition.dynamicOutputs.key ?? 'id';
    configs.push({ [from]: [{ [key]: 'yes' }, { [key]: 'no' }, { [key]: 'yes' }, { [key]: '' }, 'text', null, { [key]: 'else' }, { [key]: 'error' }] });
    configs.push({ [from]: 'not a list' });
  }
  return configs;
}

describe('node handles', () => {
  it('are the same from a node’s description (what the editor draws and connects) as from its definition (what the engine publishes and runs)', () => {
    let compared = 0;
    for (const definition of nodeDefinitions) {
      const description = describeNode(definition);
      // Handles computed by code are learned by the editor from POST /api/flows/validate.
      if (description.computedOutputs) continue;
      for (const config of sampleConfigs(definition)) {
        expect(nodeHandles(description, config), `${definition.type} with ${JSON.stringify(config)}`).toEqual(outputsFor(definition, config));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(nodeDefinitions.length);
  });

  it('put a branch’s keys first, each once, then its fixed handles, then error', () => {
    const branch = nodeDefinitions.find((definition) => definition.type === 'flow.branch')!;
    const config = { branches: [{ key: 'yes' }, { key: 'no' }, { key: 'yes' }, { key: 'else' }] };
    expect(nodeHandles(describeNode(branch), config)).toEqual(['yes', 'no', 'else', 'error']);
  });
});
