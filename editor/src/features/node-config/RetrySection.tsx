import { RETRY_LIMITS, type GraphProblem } from '@switchboard/shared';
import { useMemo } from 'react';
import { FormContext, type FormContextValue } from './form-context';
import { NumberField } from './NumberField';
import type { NumberModel } from './schema-model';

/** "1 minute", "30 seconds", "250 ms". */
export function humanDuration(ms: number): string {
  const unit = (value: number, name: string) => `${value} ${name}${value === 1 ? '' : 's'}`;
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000 || ms % 60_000 !== 0) return unit(Math.round(ms / 100) / 10, 'second');
  if (ms < 3_600_000 || ms % 3_600_000 !== 0) return unit(ms / 60_000, 'minute');
  return unit(ms / 3_600_000, 'hour');
}

interface RetrySectionProps {
  nodeId: string;
  /** The catalog's policy for this node type. */
  defaults: { attempts: number; backoffMs: number };
  /** `config.retry`, else the node's own `retry` (both are accepted; the config's wins). */
  retry: Record<string, unknown> | undefined;
  problems: readonly GraphProblem[];
  onChange(next: Record<string, unknown> | undefined): void;
}

/** "Advanced: retries": the action's `retry` override ({ attempts, backoffMs }), the catalog's policy as defaults. */
export function RetrySection({ nodeId, defaults, retry, problems, onChange }: RetrySectionProps) {
  const context = useMemo<FormContextValue>(() => ({ nodeId, problems, variables: () => [] }), [nodeId, problems]);
  const attempts: NumberModel = { kind: 'number', name: 'attempts', label: 'Attempts', integer: true, templated: false, minimum: 1, maximum: RETRY_LIMITS.maxAttempts, default: defaults.attempts, required: false, description: 'Attempts in all, the first included (1 = no retry). Only errors that may pass (rate limits, outages, timeouts) are retried.' };
  const backoff: NumberModel = { kind: 'number', name: 'backoffMs', label: 'Backoff (ms)', integer: true, templated: false, minimum: 0, maximum: RETRY_LIMITS.maxBackoffMs, default: defaults.backoffMs, required: false, description: 'Milliseconds before the first retry (at most 24 hours); doubles after each further failure. All retries together may wait at most 7 days.' };
  const current = retry ?? {};
  const effectiveAttempts = typeof current.attempts === 'number' ? current.attempts : defaults.attempts;
  const effectiveBackoff = typeof current.backoffMs === 'number' ? current.backoffMs : defaults.backoffMs;
  const overridden = current.attempts !== undefined || current.backoffMs !== undefined;
  const summary = effectiveAttempts <= 1 ? 'no retry' : `${effectiveAttempts} attempts, first retry after ${humanDuration(effectiveBackoff)}`;

  const set = (key: 'attempts' | 'backoffMs', value: unknown) => {
    const next = { ...current };
    if (value === undefined) delete next[key];
    else next[key] = value;
    onChange(Object.keys(next).length === 0 ? undefined : next);
  };

  return (
    <FormContext.Provider value={context}>
      <details className="nc-advanced" open={overridden || problems.some((problem) => problem.field.startsWith('config.retry')) || undefined}>
        <summary>
          <span>Advanced: retries</span>
          <span className="nc-advanced-summary">
            {summary}
            {overridden ? '' : ' (default)'}
          </span>
        </summary>
        <div className="nc-advanced-body">
          <NumberField model={attempts} path={['retry', 'attempts']} value={current.attempts} onChange={(value) => set('attempts', value)} />
          <NumberField model={backoff} path={['retry', 'backoffMs']} value={current.backoffMs} onChange={(value) => set('backoffMs', value)} />
          {typeof current.backoffMs === 'number' && current.backoffMs > 0 ? <p className="hint">= {humanDuration(current.backoffMs)}</p> : null}
          {overridden ? (
            <button type="button" className="link-button small" onClick={() => onChange(undefined)}>
              Reset to the default ({defaults.attempts} attempt{defaults.attempts === 1 ? '' : 's'}
              {defaults.attempts > 1 ? `, ${humanDuration(defaults.backoffMs)}` : ''})
            </button>
          ) : null}
        </div>
      </details>
    </FormContext.Provider>
  );
}
