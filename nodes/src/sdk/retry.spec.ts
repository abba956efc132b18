import { describe, expect, it } from 'vitest';
import { branch } from '../flow/branch';
import { callCompleted } from '../triggers/call-completed';
import { sendTemplate } from '../whatsapp/send-template';
import { NO_RETRY, SIDE_EFFECT_RETRY } from './define';
import { retryPolicyFor } from './retry';

describe('retryPolicyFor', () => {
  it('retries side effects after a minute, three attempts in all (seed 002), and pure nodes never', () => {
    expect(retryPolicyFor(sendTemplate, { config: {} })).toEqual({ attempts: 3, backoffMs: 60_000 });
    expect(SIDE_EFFECT_RETRY).toEqual({ attempts: 3, backoffMs: 60_000 });
    expect(retryPolicyFor(branch, { config: {} })).toEqual(NO_RETRY);
    expect(retryPolicyFor(callCompleted, { config: {} })).toEqual(NO_RETRY);
  });

  it('takes config.retry over node.retry over the default, field by field', () => {
    expect(retryPolicyFor(sendTemplate, { config: { retry: { attempts: 5 } }, retry: { attempts: 2, backoffMs: 1_000 } })).toEqual({ attempts: 5, backoffMs: 1_000 });
    expect(retryPolicyFor(sendTemplate, { config: {}, retry: { backoffMs: 0 } })).toEqual({ attempts: 3, backoffMs: 0 });
    expect(retryPolicyFor(branch, { config: { retry: { attempts: 2, backoffMs: 500 } } })).toEqual({ attempts: 2, backoffMs: 500 });
  });

  it('ignores out-of-range values instead of retrying without end', () => {
    expect(retryPolicyFor(sendTemplate, { config: { retry: { attempts: 1000, backoffMs: -1 } } })).toEqual(SIDE_EFFECT_RETRY);
    expect(retryPolicyFor(sendTemplate, { config: { retry: 'often' } })).toEqual(SIDE_EFFECT_RETRY);
    // A backoff over 24 hours (a flow stored before the bound) is ignored rather than overflowing a date.
    expect(retryPolicyFor(sendTemplate, { config: {}, retry: { backoffMs: 1e15 } })).toEqual(SIDE_EFFECT_RETRY);
  });
});
