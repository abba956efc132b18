import { z } from 'zod';
import { RETRY_LIMITS, type FlowNode, type RetryPolicy } from '@switchboard/shared';
import { NO_RETRY, SIDE_EFFECT_RETRY, type NodeDefinition } from './define';

const attempts = z.int().min(1).max(RETRY_LIMITS.maxAttempts).meta({ description: 'Attempts in all, the first included (1 = no retry)' });
const backoffMs = z
  .int()
  .min(0)
  .max(RETRY_LIMITS.maxBackoffMs, { error: `at most ${RETRY_LIMITS.maxBackoffMs} ms (24 hours)` })
  .meta({ description: 'Milliseconds before the first retry (at most 24 hours); doubles after each further failure' });

/** The `retry` override an action's config (or its node) may carry; either field may be left out. */
export const retryOverrideSchema = z
  .object({ attempts: attempts.optional(), backoffMs: backoffMs.optional() })
  .meta({ description: 'Overrides how often and after how long a failed step is retried' });

export type RetryOverride = z.output<typeof retryOverrideSchema>;

/** The policy a node starts with: the definition's own, else the seed's for side effects, else none. */
export function defaultRetryPolicy(definition: NodeDefinition): RetryPolicy {
  if (definition.kind === 'trigger') return NO_RETRY;
  return definition.retry ?? (definition.sideEffect ? SIDE_EFFECT_RETRY : NO_RETRY);
}

/**
 * The retry policy of one node: `config.retry` over `node.retry` over the definition's
 * default, field by field. Values that are out of range are ignored here (graph validation
 * reports them), so a stored flow never makes the engine retry 1000 times.
 *
 * @example retryPolicyFor(sendTemplate, { config: { retry: { attempts: 5 } } }) // { attempts: 5, backoffMs: 60000 }
 */
export function retryPolicyFor(definition: NodeDefinition, node: Pick<FlowNode, 'config' | 'retry'>): RetryPolicy {
  const base = defaultRetryPolicy(definition);
  if (definition.kind === 'trigger') return base;
  const layers = [node.config?.retry, node.retry].map(validFields);
  return {
    attempts: layers.find((layer) => layer.attempts !== undefined)?.attempts ?? base.attempts,
    backoffMs: layers.find((layer) => layer.backoffMs !== undefined)?.backoffMs ?? base.backoffMs,
  };
}

function validFields(override: unknown): RetryOverride {
  if (typeof override !== 'object' || override === null) return {};
  const fields = override as Record<string, unknown>;
  const a = attempts.safeParse(fields.attempts);
  const b = backoffMs.safeParse(fields.backoffMs);
  return { attempts: a.success ? a.data : undefined, backoffMs: b.success ? b.data : undefined };
}
