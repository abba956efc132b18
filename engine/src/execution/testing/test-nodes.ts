import { z } from 'zod';
import { StepError } from '@switchboard/shared';
import { defineAction, NodeCatalog, nodeDefinitions } from '@switchboard/nodes';

export interface Invocation {
  nodeId: string;
  label: string;
  attempt: number;
}

/** What a port throws when the engine's own database cannot be reached (not a `StepError`). */
export class UnreachableDatabase extends Error {
  constructor() {
    super('Connection terminated unexpectedly');
  }
}

/**
 * Nodes for unit tests of the execution core, next to the real catalog (manual trigger,
 * `flow.loop`, `flow.delay`, …). Every call of `test.act` is written to `calls`, so a test sees
 * how often a node really ran.
 */
export function testCatalog(calls: Invocation[]): NodeCatalog {
  const act = defineAction({
    type: 'test.act',
    typeVersion: 1,
    title: 'Act (test)',
    description: 'Records its call; fails with `failCode` until `succeedOnAttempt`.',
    category: 'Test',
    icon: 'bug',
    config: z.object({
      label: z.string(),
      failCode: z.string().optional(),
      succeedOnAttempt: z.coerce.number().int().min(1).default(1),
      /** Outputs a value JSON cannot hold (the store refuses it). */
      unstorable: z.boolean().default(false),
      /** Its first calls throw as a port does when the engine's database is unreachable. */
      unreachableCalls: z.coerce.number().int().min(0).default(0),
    }),
    outputs: ['default'],
    sideEffect: true,
    retry: { attempts: 3, backoffMs: 1000 },
    execute(ctx) {
      calls.push({ nodeId: ctx.node.id, label: ctx.config.label, attempt: ctx.attempt });
      if (calls.filter((call) => call.nodeId === ctx.node.id).length <= ctx.config.unreachableCalls) throw new UnreachableDatabase();
      const { failCode, succeedOnAttempt } = ctx.config;
      if (failCode && ctx.attempt < succeedOnAttempt) throw new StepError(failCode, `attempt ${ctx.attempt} failed on purpose`);
      return { output: { label: ctx.config.label, attempt: ctx.attempt, ...(ctx.config.unstorable ? { big: 10n } : {}) } };
    },
  });
  const awaitReply = defineAction({
    type: 'test.await_reply',
    typeVersion: 1,
    title: 'Await reply (test)',
    description: 'Waits for a reply correlated by `from`, for `timeoutMs`.',
    category: 'Test',
    icon: 'bug',
    config: z.object({ from: z.string(), timeoutMs: z.coerce.number().int().min(1).default(60_000) }),
    outputs: ['replied', 'timeout'],
    sideEffect: false,
    execute(ctx) {
      const until = new Date(ctx.now().getTime() + ctx.config.timeoutMs);
      return { wait: { until, correlation: `reply:${ctx.config.from}`, output: { from: ctx.config.from } } };
    },
    resume(_ctx, resumption) {
      if (resumption.kind === 'reply') return { output: { message: resumption.payload }, handle: 'replied' };
      return { output: { message: null }, handle: 'timeout' };
    },
  });
  return new NodeCatalog([...nodeDefinitions, act, awaitReply]);
}
