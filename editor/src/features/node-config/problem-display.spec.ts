import { describe, expect, it } from 'vitest';
import { currentProblems, friendlyMessage, stepTitles, withStepTitles } from './problem-display';

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

  it('names steps by their titles, whole ids only', () => {
    const titles = stepTitles(
      [
        { id: 'send', type: 'whatsapp.send_text' },
        { id: 'send_2', type: 'whatsapp.send_text', name: 'Follow-up' },
        { id: 'call_completed', type: 'call.completed' },
      ],
      (type) => ({ 'whatsapp.send_text': 'Send text', 'call.completed': 'Call completed' })[type],
    );
    expect(withStepTitles('send_2 is not connected to the trigger call_completed, so it would never run', titles)).toBe('“Follow-up” is not connected to the trigger “Call completed”, so it would never run');
    expect(withStepTitles('send is part of a loop (send → send_2 → send)', titles)).toBe('“Send text” is part of a loop (“Send text” → “Follow-up” → “Send text”)');
    // Expressions and field paths keep their ids.
    expect(withStepTitles('{{steps.send.output}} and config.send.x', titles)).toBe('{{steps.send.output}} and config.send.x');
  });
});
