import { describe, expect, it } from 'vitest';
import { bulkActionsFor, bulkOutcome, customerLabel } from './run-actions';

describe('run actions', () => {
  it('names the customer', () => {
    expect(customerLabel({ name: 'Alex Carter', phone: '+14155551234' })).toBe('Alex Carter (+14155551234)');
    expect(customerLabel({ name: null, phone: '+14155551234' })).toBe('+14155551234');
    expect(customerLabel({ name: null, phone: null })).toBeNull();
    expect(customerLabel(null)).toBeNull();
  });

  it('offers retry for failed or cancelled runs and cancel for unfinished ones', () => {
    expect(bulkActionsFor([{ status: 'failed' }, { status: 'cancelled' }, { status: 'waiting' }, { status: 'succeeded' }])).toEqual({ retry: 2, cancel: 1 });
  });

  it('reports each run that failed', () => {
    const outcome = bulkOutcome('retry', {
      results: [
        { runId: 'aaaaaaaa-1', ok: true },
        { runId: 'bbbbbbbb-2', ok: false, error: { code: 'RUN_NOT_RETRYABLE', message: 'only a failed run can be retried' } },
      ],
    });
    expect(outcome).toEqual({ summary: 'Retried 1 of 2 runs.', failures: ['Run bbbbbbbb: only a failed run can be retried'] });
  });
});
