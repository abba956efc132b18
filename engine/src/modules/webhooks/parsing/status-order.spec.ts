import { describe, expect, it } from 'vitest';
import { isForward } from './status-order';

describe('isForward', () => {
  it.each([
    [null, 'sent', true],
    [null, 'failed', true],
    ['queued', 'sent', true],
    ['sent', 'delivered', true],
    ['sent', 'read', true],
    ['delivered', 'read', true],
    ['read', 'played', true],
    ['sent', 'failed', true],
    ['failed', 'delivered', true],
    ['failed', 'read', true],
    ['read', 'delivered', false],
    ['delivered', 'sent', false],
    ['delivered', 'failed', false],
    ['read', 'failed', false],
    ['read', 'read', false],
    ['queued', 'accepted', false],
    ['waiting', 'sent', true],
    ['sent', 'deleted', false],
    ['SENT', 'Read', true],
  ] as Array<[string | null, string, boolean]>)('%s → %s is %s', (current, next, forward) => {
    expect(isForward(current, next)).toBe(forward);
  });
});
