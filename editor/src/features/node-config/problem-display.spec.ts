import { describe, expect, it } from 'vitest';
import { currentProblems, friendlyMessage } from './problem-display';

describe('problem display', () => {
  it('says Required for a missing value', () => {
    expect(friendlyMessage('Invalid input: expected string, received undefined')).toBe('Required');
    expect(friendlyMessage('Choose a connection')).toBe('Choose a connection');
  });

  it('hides problems of fields edited since the engine validated them', () => {
    const problems = [
      { nodeId: 'a', field: 'config.to', message: 'Invalid input: expected string, received undefined' },
      { nodeId: 'a', field: 'config.branches[0].key', message: 'Use snake_case' },
      { nodeId: 'a', field: 'retry', message: 'bad retry' },
    ];
    const saved = { branches: [{ key: 'Bad' }] };
    expect(currentProblems(problems, saved, saved).map((problem) => problem.message)).toEqual(['Required', 'Use snake_case', 'bad retry']);
    const edited = { to: '+14155551234', branches: [{ key: 'Bad' }] };
    expect(currentProblems(problems, saved, edited).map((problem) => problem.field)).toEqual(['config.branches[0].key', 'retry']);
  });
});
