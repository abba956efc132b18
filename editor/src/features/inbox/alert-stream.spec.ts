import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './alert-stream';

describe('reconnectDelay', () => {
  const middle = () => 0.5;

  it('doubles from one second up to thirty', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => reconnectDelay(attempt, middle))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('spreads reconnections by ±20 % without passing the cap', () => {
    expect(reconnectDelay(1, () => 0)).toBe(1600);
    expect(reconnectDelay(1, () => 1)).toBe(2400);
    expect(reconnectDelay(8, () => 1)).toBe(30000);
  });

  it('starts from the server’s retry: delay when it sent one', () => {
    expect(reconnectDelay(0, middle, 3000)).toBe(3000);
    expect(reconnectDelay(1, middle, 3000)).toBe(6000);
  });
});
