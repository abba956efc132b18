import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { NodeCatalog, defineAction, nodeDefinitions, SIDE_EFFECT_RETRY } from '@switchboard/nodes';

/**
 * A test fixture node: fails with `code` until `succeedOnAttempt`, then succeeds. It lets the
 * integration tests drive the engine's retry and error-edge handling through a real worker.
 */
export const flakyNode = defineAction({
  type: 'test.flaky',
  typeVersion: 1,
  title: 'Flaky (test fixture)',
  description: 'Fails until a given attempt.',
  category: 'Test',
  icon: 'bug',
  config: z.object({ code: z.string(), succeedOnAttempt: z.coerce.number().int().min(1) }),
  outputs: ['default'],
  sideEffect: true,
  retry: SIDE_EFFECT_RETRY,
  execute(ctx) {
    if (ctx.attempt < ctx.config.succeedOnAttempt) throw new StepError(ctx.config.code, `attempt ${ctx.attempt} failed on purpose`);
    return { output: { attempt: ctx.attempt } };
  },
});

export const catalogWithFixtures = new NodeCatalog([...nodeDefinitions, flakyNode]);
